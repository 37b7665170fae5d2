package io.meterhub.platform.command;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when this node works on which meter: one delivery at a time per meter and at most {@code maxInFlight}
 * meters at once, so a mass disconnection cannot flood the node or the network (the delivery rate itself is limited
 * where a command is actually claimed, see {@link CommandDelivery}). All state is confined to one scheduler thread;
 * {@link #kick} may be called from any thread and never blocks.
 */
final class DeliveryScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);

  private final ScheduledExecutorService thread;
  private final Function<String, CompletionStage<Boolean>> deliver;
  private final int maxInFlight;
  private final ArrayDeque<String> ready = new ArrayDeque<>();
  private final Set<String> queued = new HashSet<>();
  private final Set<String> active = new HashSet<>();
  private final Set<String> again = new HashSet<>();
  private final Set<String> delayed = new HashSet<>();
  /** Meters queued, being delivered to or waiting for a timer; written on the scheduler thread, read from anywhere. */
  private final Set<String> inHand = ConcurrentHashMap.newKeySet();

  /**
   * @param deliver works on one meter; completes with true when the meter may have more to deliver right away
   */
  DeliveryScheduler(String name, int maxInFlight, Function<String, CompletionStage<Boolean>> deliver) {
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "meterhub-command-scheduler-" + name);
              t.setDaemon(true);
              return t;
            });
    this.deliver = deliver;
    this.maxInFlight = maxInFlight;
  }

  /** Asks for a delivery attempt for the meter soon (coalesced with one already waiting or running). */
  void kick(String meterId) {
    run(() -> enqueue(meterId));
  }

  /** Asks for a delivery attempt after a delay (retry backoff, the delivery rate). */
  void kickLater(String meterId, long delayMs) {
    run(() -> {
      delayed.add(meterId);
      inHand.add(meterId);
    });
    try {
      thread.schedule(() -> {
        delayed.remove(meterId);
        enqueue(meterId);
      }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("scheduler stopped; retry of {} dropped", meterId);
    }
  }

  /**
   * Whether this node will attempt a delivery to the meter without being asked again: it is queued, being delivered
   * to, or waiting for a timer. The sweep skips such meters (with a backlog behind the delivery rate, re-routing each
   * of them every second cost a status read and an empty attempt apiece).
   */
  boolean inHand(String meterId) {
    return inHand.contains(meterId);
  }

  private void enqueue(String meterId) {
    if (active.contains(meterId)) {
      again.add(meterId);
    } else if (queued.add(meterId)) {
      ready.add(meterId);
    }
    inHand.add(meterId);
    pump();
  }

  private void pump() {
    while (!ready.isEmpty() && active.size() < maxInFlight) {
      String meterId = ready.poll();
      queued.remove(meterId);
      active.add(meterId);
      CompletionStage<Boolean> done;
      try {
        done = deliver.apply(meterId);
      } catch (RuntimeException e) {
        done = java.util.concurrent.CompletableFuture.failedFuture(e);
      }
      done.whenComplete((more, error) -> run(() -> finished(meterId, Boolean.TRUE.equals(more), error)));
    }
  }

  private void finished(String meterId, boolean more, Throwable error) {
    active.remove(meterId);
    if (error != null) {
      LOG.warn("Command delivery to {} failed: {}", meterId, error.toString());
    }
    if (again.remove(meterId) || more) {
      enqueue(meterId);
    } else {
      if (!delayed.contains(meterId) && !queued.contains(meterId)) {
        inHand.remove(meterId);
      }
      pump();
    }
  }

  private void run(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("scheduler stopped");
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
