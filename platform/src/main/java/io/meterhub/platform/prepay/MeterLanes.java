package io.meterhub.platform.prepay;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work after the earlier work for the same meter, on one of a few single-thread lanes chosen by the meter: in
 * order per meter (a disconnect is never overtaken by the reconnect that follows it), in parallel across meters.
 * Work that throws is logged. {@link #direct()} runs work at once on the caller's thread.
 */
public final class MeterLanes implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MeterLanes.class);
  private static final MeterLanes DIRECT = new MeterLanes();

  private final ExecutorService[] lanes;
  private final AtomicBoolean dropReported = new AtomicBoolean();

  /** @param name thread name prefix; @param count lanes (threads) */
  public MeterLanes(String name, int count) {
    Objects.requireNonNull(name, "name");
    if (count < 1) {
      throw new IllegalArgumentException("lanes must be at least 1: " + count);
    }
    lanes = new ExecutorService[count];
    for (int i = 0; i < count; i++) {
      String thread = name + "-" + i;
      lanes[i] = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, thread);
        t.setDaemon(true);
        return t;
      });
    }
  }

  private MeterLanes() {
    lanes = new ExecutorService[0];
  }

  /** Lanes that run work on the caller's thread before returning (tests, tools, single-threaded use). */
  public static MeterLanes direct() {
    return DIRECT;
  }

  public void execute(String meterId, Runnable work) {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(work, "work");
    if (lanes.length == 0) {
      run(work);
      return;
    }
    try {
      lanes[Math.floorMod(meterId.hashCode(), lanes.length)].execute(() -> run(work));
    } catch (RejectedExecutionException e) {
      if (dropReported.compareAndSet(false, true)) {
        LOG.warn("Lanes stopped: work for meter {} dropped, and any that follows (not logged again)", meterId);
      }
    }
  }

  private static void run(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("Work in a meter lane failed", e);
    }
  }

  /** Finishes the work already handed over (for up to 5 s), then stops the lanes. */
  @Override
  public void close() {
    for (ExecutorService lane : lanes) {
      lane.shutdown();
    }
    try {
      for (ExecutorService lane : lanes) {
        if (!lane.awaitTermination(5, TimeUnit.SECONDS)) {
          lane.shutdownNow();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
