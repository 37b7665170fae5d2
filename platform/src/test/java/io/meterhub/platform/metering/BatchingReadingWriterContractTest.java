package io.meterhub.platform.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.Page;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class BatchingReadingWriterContractTest extends DbContractBase {

  private static final Duration FOREVER = Duration.ofHours(1);

  private JdbcReadingStore store;
  private MeterRegistry registry;

  @BeforeEach
  void createStore() {
    store = new JdbcReadingStore(db);
    registry = new SimpleMeterRegistry();
  }

  private BatchingReadingWriter writer(ReadingStore target, int capacity, int maxBatch, Duration maxDelay) {
    return new BatchingReadingWriter(target, registry, Clock.systemUTC(), capacity, maxBatch, maxDelay, 4,
        Duration.ofMillis(10));
  }

  private static IngestedReading reading(int i) {
    Instant ts = Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i / 20);
    return new IngestedReading(
        "m" + (i % 20), new MeterReading(ts, 1000L + i, 230.0, null, null, null, null, null, null), Instant.now());
  }

  private long rows() {
    return db.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM readings")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  private double dropped(String reason) {
    return registry.get("meterhub.readings.dropped").tag("reason", reason).counter().count();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void fullBatchIsWrittenWithoutWaitingForTheDelay() throws Exception {
    try (BatchingReadingWriter w = writer(store, 1000, 10, FOREVER)) {
      for (int i = 0; i < 25; i++) {
        w.accept(reading(i));
      }
      await(() -> rows() == 20);
      await(() -> registry.get("meterhub.readings.batch.size").summary().count() == 2);

      assertThat(registry.get("meterhub.readings.batch.size").summary().max()).isEqualTo(10);
      // The remaining 5 wait for more readings or the (one hour) delay.
      assertThat(rows()).isEqualTo(20);
      assertThat(counter("meterhub.readings.ingested")).isEqualTo(20);
    }
    assertThat(rows()).isEqualTo(25);
  }

  @Test
  void partialBatchIsWrittenAfterTheDelay() throws Exception {
    try (BatchingReadingWriter w = writer(store, 1000, 500, Duration.ofMillis(50))) {
      for (int i = 0; i < 3; i++) {
        w.accept(reading(i));
      }
      await(() -> rows() == 3);
      // Rows become visible at commit, the metrics just after it on the writer thread.
      await(() -> registry.get("meterhub.readings.persist.latency").timer().count() == 3);

      assertThat(counter("meterhub.readings.ingested")).isEqualTo(3);
      assertThat(registry.get("meterhub.readings.persist.latency").timer().count()).isEqualTo(3);
      assertThat(w.queued()).isZero();
    }
  }

  @Test
  void closeWritesEverythingQueued() {
    BatchingReadingWriter w = writer(store, 5000, 100, FOREVER);
    for (int i = 0; i < 1000; i++) {
      w.accept(reading(i));
    }
    w.close();

    assertThat(rows()).isEqualTo(1000);
    assertThat(counter("meterhub.readings.ingested")).isEqualTo(1000);
    assertThat(dropped("queue_full")).isZero();
    Page<MeterReading> m0 = store.list("m0", null, null, 1000, null);
    assertThat(m0.items()).hasSize(50);
  }

  @Test
  void fullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    ReadingStore gated =
        new DelegatingStore(store) {
          @Override
          public void insertBatch(List<IngestedReading> readings) {
            calls.incrementAndGet();
            try {
              gate.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.insertBatch(readings);
          }
        };
    try (BatchingReadingWriter w = writer(gated, 10, 1, Duration.ZERO)) {
      w.accept(reading(0));
      await(() -> calls.get() == 1);
      for (int i = 1; i <= 15; i++) {
        w.accept(reading(i)); // returns at once: 10 queued, 5 dropped
      }

      assertThat(w.queued()).isEqualTo(10);
      assertThat(dropped("queue_full")).isEqualTo(5);
      gate.countDown();
    }
    assertThat(rows()).isEqualTo(11);
  }

  @Test
  void failedBatchIsRetriedUntilItSucceeds() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(2);
    ReadingStore flaky =
        new DelegatingStore(store) {
          @Override
          public void insertBatch(List<IngestedReading> readings) {
            if (failuresLeft.getAndDecrement() > 0) {
              throw new IllegalStateException("connection reset (simulated)");
            }
            super.insertBatch(readings);
          }
        };
    try (BatchingReadingWriter w = writer(flaky, 100, 50, Duration.ofMillis(10))) {
      for (int i = 0; i < 5; i++) {
        w.accept(reading(i));
      }
      await(() -> rows() == 5);
    }
    assertThat(dropped("store_failure")).isZero();
    assertThat(counter("meterhub.readings.ingested")).isEqualTo(5);
  }

  @Test
  void batchFailingEveryAttemptIsDroppedAndCountedAndLaterBatchesStillFlow() throws Exception {
    AtomicInteger failuresLeft = new AtomicInteger(4);
    ReadingStore broken =
        new DelegatingStore(store) {
          @Override
          public void insertBatch(List<IngestedReading> readings) {
            if (failuresLeft.getAndDecrement() > 0) {
              throw new IllegalStateException("database down (simulated)");
            }
            super.insertBatch(readings);
          }
        };
    try (BatchingReadingWriter w = writer(broken, 100, 50, Duration.ofMillis(10))) {
      for (int i = 0; i < 3; i++) {
        w.accept(reading(i));
      }
      await(() -> dropped("store_failure") == 3);
      w.accept(reading(3));
      await(() -> rows() == 1);
    }
    assertThat(counter("meterhub.readings.ingested")).isEqualTo(1);
  }

  @Test
  void readingsAcceptedAfterCloseAreDroppedAndCounted() {
    BatchingReadingWriter w = writer(store, 100, 10, Duration.ofMillis(10));
    w.close();
    w.accept(reading(0));

    assertThat(dropped("queue_full")).isEqualTo(1);
    assertThat(rows()).isZero();
  }

  /** A real store with one method overridden per test (failures and gates that cannot be produced for real). */
  private static class DelegatingStore implements ReadingStore {
    private final ReadingStore delegate;

    DelegatingStore(ReadingStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public void insertBatch(List<IngestedReading> readings) {
      delegate.insertBatch(readings);
    }

    @Override
    public Page<MeterReading> list(String meterId, Instant from, Instant to, int limit, String cursor) {
      return delegate.list(meterId, from, to, limit, cursor);
    }

    @Override
    public void deleteMeter(String meterId) {
      delegate.deleteMeter(meterId);
    }
  }
}
