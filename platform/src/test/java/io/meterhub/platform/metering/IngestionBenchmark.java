package io.meterhub.platform.metering;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.PhaseValues;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Reading ingestion benchmark (not a test): pushes readings of many simulated meters through
 * {@link BatchingReadingWriter} into embedded H2 and, when {@code METERHUB_TEST_DB_URL} is set, PostgreSQL; prints
 * throughput, batch sizes and arrival → committed latency, and checks by counting rows that nothing was lost.
 *
 * <p>Each store runs twice: paced at an offered rate (what meters would send), and unpaced (as fast as the
 * producer can go, queue as large as the run) to find the sustainable ceiling.
 *
 * <pre>
 * eval "$(.ci/postgres.sh)"   # optional, adds the PostgreSQL rows
 * mvn -o -q -pl platform -am -Pbench process-test-classes \
 *     [-Dbench.readings=200000] [-Dbench.meters=2000] [-Dbench.rate=10000] [-Dbench.warmup=20000]
 *     [-Dbench.stores=h2,postgresql]
 * </pre>
 */
public final class IngestionBenchmark {

  private static final Instant BASE = Instant.parse("2026-12-01T00:00:00Z");

  private record Result(
      String store, String mode, long readings, double seconds, long rows, double dropped, double meanBatch,
      double p50Ms, double p99Ms, double maxMs) {}

  private IngestionBenchmark() {}

  public static void main(String[] args) throws Exception {
    // Keep the table readable: no pool/migration chatter (logback's default without a config file is DEBUG).
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int readings = Integer.getInteger("bench.readings", 200_000);
    int meters = Integer.getInteger("bench.meters", 2_000);
    int rate = Integer.getInteger("bench.rate", 10_000);
    int warmup = Integer.getInteger("bench.warmup", 20_000);
    String stores = System.getProperty("bench.stores", "h2,postgresql");
    List<Result> results = new ArrayList<>();
    if (stores.contains("h2")) {
      try (TestDatabase h2 = TestDatabase.h2()) {
        measure("H2", h2, readings, meters, rate, warmup, results);
      }
    }
    if (System.getenv(TestDatabase.URL_ENV) != null && stores.contains("postgresql")) {
      try (TestDatabase pg = TestDatabase.postgresOrSkip("IngestionBenchmark")) {
        measure("PostgreSQL", pg, readings, meters, rate, warmup, results);
      }
    } else if (stores.contains("postgresql")) {
      System.out.println("NOTICE: " + TestDatabase.URL_ENV + " not set: PostgreSQL skipped");
    }
    print(readings, meters, results);
    System.exit(results.stream().allMatch(r -> r.rows() == r.readings()) ? 0 : 1);
  }

  /** A discarded unpaced warm-up (JIT, pool, table files), then the paced and the unpaced run. */
  private static void measure(String name, TestDatabase target, int readings, int meters, int rate, int warmup,
      List<Result> results) throws Exception {
    if (warmup > 0) {
      run(name, target, warmup, meters, 0);
    }
    results.add(run(name, target, readings, meters, rate));
    results.add(run(name, target, readings, meters, 0));
  }

  private static Result run(String name, TestDatabase target, int readings, int meters, int rate) throws Exception {
    try (Database db = target.open()) {
      db.withConnection(
          c -> {
            try (Statement st = c.createStatement()) {
              return st.executeUpdate("DELETE FROM readings");
            }
          });
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      // Unpaced runs hold the whole run in the queue: the point is the ceiling, not drops.
      int capacity = rate > 0 ? BatchingReadingWriter.DEFAULT_QUEUE_CAPACITY : readings;
      BatchingReadingWriter writer =
          new BatchingReadingWriter(new JdbcReadingStore(db), registry, Clock.systemUTC(), capacity,
              BatchingReadingWriter.DEFAULT_MAX_BATCH, BatchingReadingWriter.DEFAULT_MAX_DELAY,
              BatchingReadingWriter.DEFAULT_ATTEMPTS, Duration.ofMillis(200));
      long start = System.nanoTime();
      produce(writer, readings, meters, rate, start);
      writer.close();
      double seconds = (System.nanoTime() - start) / 1e9;
      long rows = countRows(db);
      Timer latency = registry.get("meterhub.readings.persist.latency").timer();
      DistributionSummary batch = registry.get("meterhub.readings.batch.size").summary();
      double dropped = registry.get("meterhub.readings.dropped").counters().stream().mapToDouble(c -> c.count()).sum();
      ValueAtPercentile[] pct = latency.takeSnapshot().percentileValues();
      return new Result(name, rate > 0 ? "paced " + rate + "/s" : "unpaced", readings, seconds, rows, dropped,
          batch.mean(), pct[0].value(TimeUnit.MILLISECONDS), pct[1].value(TimeUnit.MILLISECONDS),
          latency.max(TimeUnit.MILLISECONDS));
    }
  }

  private static void produce(BatchingReadingWriter writer, int readings, int meters, int rate, long start) {
    for (int i = 0; i < readings; i++) {
      if (rate > 0) {
        long due = start + (long) (i * (1e9 / rate));
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      writer.accept(new IngestedReading("bench-" + (i % meters), reading(i, meters), Instant.now()));
    }
  }

  /** A three-phase reading with TOU registers; each meter reports every 15 minutes. */
  private static MeterReading reading(int i, int meters) {
    Instant ts = BASE.plus(Duration.ofMinutes(15L * (i / meters)));
    long energy = 1_000_000L + i;
    return new MeterReading(ts, energy, 230.1, 5.2, 3.4, 0.96, 50.0,
        new PhaseValues(230.1, 229.7, 231.2, 5.2, 4.9, 5.6, 1.1, 1.0, 1.3, 0.2),
        new TouRegisters(energy / 10, energy / 5, energy / 3, energy / 4, 7.5, ts.minusSeconds(3600)));
  }

  private static long countRows(Database db) {
    return db.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM readings")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static void print(int readings, int meters, List<Result> results) {
    System.out.printf("%nIngestion benchmark: %,d readings from %,d meters, batch ≤ %d, delay %d ms, %d cores, %s%n",
        readings, meters, BatchingReadingWriter.DEFAULT_MAX_BATCH, BatchingReadingWriter.DEFAULT_MAX_DELAY.toMillis(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    String header = String.format("| %-10s | %-13s | %9s | %7s | %12s | %10s | %7s | %8s | %8s | %8s | %8s |",
        "store", "offered", "readings", "seconds", "persisted/s", "rows", "dropped", "batch", "p50 ms", "p99 ms",
        "max ms");
    System.out.println(header);
    System.out.println(header.replaceAll("[^|]", "-"));
    for (Result r : results) {
      System.out.printf("| %-10s | %-13s | %,9d | %7.1f | %,12.0f | %,10d | %7.0f | %8.1f | %8.1f | %8.1f | %8.1f |%n",
          r.store(), r.mode(), r.readings(), r.seconds(), r.rows() / r.seconds(), r.rows(), r.dropped(),
          r.meanBatch(), r.p50Ms(), r.p99Ms(), r.maxMs());
    }
    boolean lossless = results.stream().allMatch(r -> r.rows() == r.readings());
    System.out.println(lossless ? "rows counted = readings pushed: nothing lost" : "READINGS LOST: see rows column");
  }
}
