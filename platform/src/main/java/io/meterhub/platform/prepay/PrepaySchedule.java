package io.meterhub.platform.prepay;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the time-driven parts of prepayment on every node: standing charges, the end of friendly periods, and the purge
 * of expired idempotency keys. Each run is idempotent (per account and day, per order), so nodes of a cluster may
 * overlap without charging twice.
 */
public final class PrepaySchedule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrepaySchedule.class);

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "prepay-schedule");
            thread.setDaemon(true);
            return thread;
          });

  public PrepaySchedule(PrepayService service, Clock clock, Duration period) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(clock, "clock");
    long millis = period.toMillis();
    timer.scheduleWithFixedDelay(
        () -> run("friendly periods", () -> service.evaluateFriendlyPeriods(clock)),
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(
        () -> run("standing charges", () -> service.applyStandingCharges(clock)),
        millis,
        millis,
        TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(
        () -> run("idempotency purge", () -> service.purgeIdempotencyKeys(clock)), 1, 60, TimeUnit.MINUTES);
  }

  private static void run(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("Scheduled {} failed: {}", what, e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
