package io.meterhub.platform.store;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Durability of the embedded H2 store by group commit. H2 writes committed changes to its file in the background
 * (every WRITE_DELAY); whoever must not lose a commit asks {@link #committed()}, and one flusher thread writes
 * everything committed so far with a single {@code CHECKPOINT} (in H2 2.4: {@code MVStore.commit()}, which returns
 * once the file has it) for all who asked in the meantime. Writing the file on every commit instead (WRITE_DELAY=0)
 * cost a third of the top-up throughput, in the committing threads.
 */
final class GroupCommit implements Durability, AutoCloseable {

  private final Connection connection;
  private final Thread flusher;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition asked = lock.newCondition();
  private final LongAdder flushes = new LongAdder();
  private final LongAdder flushNanos = new LongAdder();
  /** Completed by the next flush that starts after it was handed out. */
  private CompletableFuture<Void> next = new CompletableFuture<>();
  private boolean wanted;
  private boolean closed;

  /** @param connection a connection of its own to the database (not from the pool: a flush never waits for one) */
  GroupCommit(Connection connection) {
    this.connection = connection;
    this.flusher = new Thread(this::flushWhenAsked, "meterhub-db-flush");
    flusher.setDaemon(true);
    flusher.start();
  }

  @Override
  public CompletionStage<Void> committed() {
    lock.lock();
    try {
      if (closed) {
        return CompletableFuture.failedFuture(new StoreException("database is closed", null));
      }
      wanted = true;
      asked.signal();
      // minimal: no caller can complete (or cancel) the future the others wait for
      return next.minimalCompletionStage();
    } finally {
      lock.unlock();
    }
  }

  private void flushWhenAsked() {
    while (true) {
      CompletableFuture<Void> round;
      lock.lock();
      try {
        while (!wanted && !closed) {
          asked.awaitUninterruptibly();
        }
        if (!wanted) {
          return;
        }
        // Everyone holding this future asked after their commit, so before the flush below starts
        round = next;
        next = new CompletableFuture<>();
        wanted = false;
      } finally {
        lock.unlock();
      }
      long start = System.nanoTime();
      try (Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT");
        round.complete(null);
      } catch (SQLException | RuntimeException | Error e) {
        // An Error too (say an OutOfMemoryError inside H2): a flusher that died would leave every reply of the node
        // waiting forever; alive, it answers this round with a failure (503) and tries again for the next
        round.completeExceptionally(new StoreException("flushing commits failed: " + e, e));
      } finally {
        flushes.increment();
        flushNanos.add(System.nanoTime() - start);
      }
    }
  }

  /** Publishes {@code meterhub_db_flush_seconds} (count and total): how often, and how long, repliers wait. */
  void bindMetrics(MeterRegistry registry) {
    FunctionTimer.builder("meterhub.db.flush", this, g -> g.flushes.sum(), g -> g.flushNanos.sum(),
            TimeUnit.NANOSECONDS)
        .description("group commits of the embedded database (each makes every earlier commit durable)")
        .register(registry);
  }

  /** Flushes run so far. */
  long flushes() {
    return flushes.sum();
  }

  /** Flushes what was asked for, then stops the flusher and closes its connection. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      asked.signal();
    } finally {
      lock.unlock();
    }
    try {
      flusher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing anyway; the pool's close below ends the database
    }
  }
}
