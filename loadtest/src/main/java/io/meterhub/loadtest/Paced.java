package io.meterhub.loadtest;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Offers tasks at a fixed rate (open loop: a slow answer does not slow the offered rate) on a bounded pool. */
final class Paced {

  private Paced() {}

  /**
   * Starts {@code tasks} at {@code perSecond} on {@code threads} workers and waits for all of them; returns the
   * seconds the offering took (the window the offered rate applies to).
   */
  static double run(List<Runnable> tasks, double perSecond, int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long interval = (long) (1_000_000_000L / perSecond);
    long start = System.nanoTime();
    long next = start;
    for (Runnable task : tasks) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      pool.execute(task);
      next += interval;
    }
    double offered = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    try {
      pool.awaitTermination(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return offered;
  }
}
