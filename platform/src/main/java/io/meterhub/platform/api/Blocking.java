package io.meterhub.platform.api;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/** Runs blocking service calls (SQL, bcrypt, Hazelcast) on the API's worker pool, never on an event loop. */
final class Blocking {

  private final WorkerExecutor workers;

  Blocking(WorkerExecutor workers) {
    this.workers = workers;
  }

  <T> Future<T> run(Callable<T> call) {
    return workers.executeBlocking(call, false);
  }
}
