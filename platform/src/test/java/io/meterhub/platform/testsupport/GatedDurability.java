package io.meterhub.platform.testsupport;

import io.meterhub.platform.store.Durability;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A real {@link Durability} with a gate in front: open, it passes every request through; held, requests wait until
 * the test {@link #release()}s them or {@link #fail()}s them, so a test can see what a reply waits for.
 */
public final class GatedDurability implements Durability {

  private final Durability delegate;
  private final List<CompletableFuture<Void>> held = new ArrayList<>();
  private boolean holding;

  public GatedDurability(Durability delegate) {
    this.delegate = delegate;
  }

  @Override
  public synchronized CompletionStage<Void> committed() {
    if (!holding) {
      return delegate.committed();
    }
    CompletableFuture<Void> waiting = new CompletableFuture<>();
    held.add(waiting);
    return waiting;
  }

  /** Holds every request from now on. */
  public synchronized void hold() {
    holding = true;
  }

  /** How many requests wait at the gate. */
  public synchronized int waiting() {
    return held.size();
  }

  /** Opens the gate: the waiting requests go through to the real durability. */
  public synchronized void release() {
    holding = false;
    held.forEach(waiting -> delegate.committed().whenComplete((ok, e) -> {
      if (e == null) {
        waiting.complete(null);
      } else {
        waiting.completeExceptionally(e);
      }
    }));
    held.clear();
  }

  /** Opens the gate, failing the waiting requests as a failed flush would. */
  public synchronized void fail() {
    holding = false;
    held.forEach(waiting -> waiting.completeExceptionally(new IllegalStateException("flush failed (test)")));
    held.clear();
  }
}
