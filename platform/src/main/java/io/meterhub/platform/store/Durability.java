package io.meterhub.platform.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** When the changes a node has committed are safe from a crash of its process. */
@FunctionalInterface
public interface Durability {

  /** For databases whose commit already returns only once the change is durable (PostgreSQL, in-memory H2). */
  Durability AT_COMMIT = () -> CompletableFuture.completedFuture(null);

  /**
   * Completes once every transaction committed before this call would survive a killed process; completes
   * exceptionally when that cannot be ensured (the database failed or closed). Never blocks the caller.
   */
  CompletionStage<Void> committed();
}
