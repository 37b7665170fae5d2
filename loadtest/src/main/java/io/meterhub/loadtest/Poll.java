package io.meterhub.loadtest;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling. */
final class Poll {

  private Poll() {}

  /** Polls every {@code period} until {@code condition} holds; false when {@code timeout} passed first. */
  static boolean until(Duration timeout, Duration period, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(period.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
