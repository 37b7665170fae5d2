package io.meterhub.models.client;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread pools shared by many simulated meters, so that a meter costs about one thread (its DTLS receiver).
 *
 * <p>There are two pools on purpose: Leshan's registration engine blocks its thread while it waits for the server's
 * answer, and that answer is decrypted and dispatched on the I/O pool. With a single small pool, many meters
 * registering at once would occupy every thread waiting for answers no thread is left to process.
 *
 * @param engine runs Leshan's registration engine and notification scheduling (blocking waits)
 * @param io runs CoAP exchanges, DTLS handshakes and record processing (never blocks)
 * @param owned whether {@link #close()} shuts the pools down
 */
public record ClientExecutors(ScheduledExecutorService engine, ScheduledExecutorService io, boolean owned)
    implements AutoCloseable {

  public ClientExecutors {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(io, "io");
  }

  /** New daemon pools of the given sizes, shut down by {@link #close()}. */
  public static ClientExecutors create(String name, int engineThreads, int ioThreads) {
    Objects.requireNonNull(name, "name");
    if (engineThreads < 1 || ioThreads < 1) {
      throw new IllegalArgumentException("thread counts must be positive");
    }
    return new ClientExecutors(pool(name + "-engine", engineThreads), pool(name + "-io", ioThreads), true);
  }

  /** Pools owned by the caller; {@link #close()} leaves them running. */
  public static ClientExecutors of(ScheduledExecutorService engine, ScheduledExecutorService io) {
    return new ClientExecutors(engine, io, false);
  }

  private static ScheduledExecutorService pool(String name, int threads) {
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, factory);
    // Leshan and Californium cancel many timers (retransmissions, lifetimes): keep the queue from filling with them.
    pool.setRemoveOnCancelPolicy(true);
    return pool;
  }

  @Override
  public void close() {
    if (owned) {
      engine.shutdownNow();
      io.shutdownNow();
      try {
        engine.awaitTermination(5, TimeUnit.SECONDS);
        io.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
