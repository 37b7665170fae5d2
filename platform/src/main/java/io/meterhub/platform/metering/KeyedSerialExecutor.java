package io.meterhub.platform.metering;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks off the caller's thread, in submission order per key, on a few threads (stripes). Protocol threads use
 * it to hand over cluster calls without waiting for them, while online → reading → offline of one meter keep their
 * order. Queues are bounded: when a stripe is full the task is dropped and counted rather than blocking the caller.
 */
final class KeyedSerialExecutor implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KeyedSerialExecutor.class);

  private final ExecutorService[] stripes;
  private final AtomicLong dropped = new AtomicLong();

  KeyedSerialExecutor(String name, int stripeCount, int queueCapacityPerStripe) {
    stripes = new ExecutorService[stripeCount];
    AtomicInteger threadNumber = new AtomicInteger();
    for (int i = 0; i < stripeCount; i++) {
      stripes[i] =
          new ThreadPoolExecutor(
              1,
              1,
              0,
              TimeUnit.MILLISECONDS,
              new ArrayBlockingQueue<>(queueCapacityPerStripe),
              runnable -> {
                Thread thread = new Thread(runnable, name + "-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
    }
  }

  void execute(String key, Runnable task) {
    try {
      stripes[Math.floorMod(key.hashCode(), stripes.length)].execute(() -> runLogged(task));
    } catch (RejectedExecutionException e) {
      if (dropped.incrementAndGet() % 1000 == 1) {
        LOG.warn("Live-state updates are falling behind; {} dropped so far", dropped.get());
      }
    }
  }

  long dropped() {
    return dropped.get();
  }

  private static void runLogged(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("Live-state update failed: {}", e.toString());
    }
  }

  /** Runs what is queued, then stops. */
  @Override
  public void close() {
    for (ExecutorService stripe : stripes) {
      stripe.shutdown();
    }
    for (ExecutorService stripe : stripes) {
      try {
        stripe.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
