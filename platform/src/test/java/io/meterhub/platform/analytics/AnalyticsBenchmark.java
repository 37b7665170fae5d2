package io.meterhub.platform.analytics;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.JdbcReadingStore;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Analytics query benchmark (not a test): seeds meters × days of hourly readings in 10 areas of 5 feeders each (20
 * meters per feeder), then times the load and quality queries on H2 and, when {@code METERHUB_TEST_DB_URL} is set,
 * PostgreSQL; prints a table.
 *
 * <pre>
 * eval "$(.ci/postgres.sh)"   # optional, adds the PostgreSQL rows
 * mvn -o -q -pl platform -am -Pbench process-test-classes \
 *     -Dbench.main=io.meterhub.platform.analytics.AnalyticsBenchmark [-Dbench.meters=1000] [-Dbench.days=30]
 * </pre>
 */
public final class AnalyticsBenchmark {

  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  private AnalyticsBenchmark() {}

  public static void main(String[] args) {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int meters = Integer.getInteger("bench.meters", 1000);
    int days = Integer.getInteger("bench.days", 30);
    List<String> rows = new ArrayList<>();
    rows.add(String.format("%-10s %-34s %8s %10s %8s", "store", "query", "groups", "cells", "ms"));
    try (TestDatabase h2 = TestDatabase.h2()) {
      run("H2", h2, meters, days, rows);
    }
    String url = System.getenv(TestDatabase.URL_ENV);
    if (url != null && !url.isBlank()) {
      try (TestDatabase pg = TestDatabase.postgresOrSkip("AnalyticsBenchmark")) {
        run("PostgreSQL", pg, meters, days, rows);
      }
    }
    System.out.printf("%n%d meters x %d days of hourly readings (%d rows)%n", meters, days, (long) meters * days * 24);
    rows.forEach(System.out::println);
  }

  private static void run(String store, TestDatabase target, int meters, int days, List<String> rows) {
    try (Database db = target.open()) {
      long seedStart = System.nanoTime();
      seed(db, meters, days);
      rows.add(String.format("%-10s %-34s %8s %10s %8d", store, "seed (insert readings)", "", "",
          (System.nanoTime() - seedStart) / 1_000_000));
      AnalyticsSettings settings = AnalyticsSettings.defaults().withMaxIntervals(100_000);
      LoadCurves loads = new LoadCurves(db, settings);
      Instant end = START.plus(Duration.ofDays(days));
      for (int round = 0; round < 2; round++) {
        String suffix = round == 0 ? " (cold)" : "";
        time(rows, store, "load P1D groupBy=region:1" + suffix, () -> cells(loads.load(
            new LoadQuery(null, GroupBy.parse("region:1"), START, end, Duration.ofDays(1)))));
        time(rows, store, "load PT1H groupBy=region" + suffix, () -> cells(loads.load(
            new LoadQuery(null, GroupBy.REGION, START, end, Duration.ofHours(1)))));
        time(rows, store, "load PT15M area-3, 1 day" + suffix, () -> cells(loads.load(
            new LoadQuery("area-3/", GroupBy.REGION, START, START.plus(Duration.ofDays(1)),
                Duration.ofMinutes(15)))));
        time(rows, store, "quality groupBy=region" + suffix, () -> {
          QualityReport q = new QualityStats(db, settings).quality(null, GroupBy.REGION, START, end);
          return new long[] {q.groups().size(), q.groups().size()};
        });
      }
    }
  }

  private static long[] cells(LoadReport report) {
    long cells = report.groups().stream().mapToLong(g -> g.intervals().size()).sum();
    return new long[] {report.groups().size(), cells};
  }

  private static void time(List<String> rows, String store, String name, Supplier<long[]> query) {
    long start = System.nanoTime();
    long[] result = query.get();
    rows.add(String.format("%-10s %-34s %8d %10d %8d", store, name, result[0], result[1],
        (System.nanoTime() - start) / 1_000_000));
  }

  private static void seed(Database db, int meters, int days) {
    JdbcMeterStore meterStore = new JdbcMeterStore(db);
    JdbcReadingStore readings = new JdbcReadingStore(db);
    List<IngestedReading> batch = new ArrayList<>(5000);
    for (int m = 0; m < meters; m++) {
      String id = "bench-" + m;
      String region = "area-" + (m % 10) + "/feeder-" + (m / 10 % 5);
      meterStore.insert(new Meter(id, "KPM31", region, MeterSecurity.psk(id, "00".repeat(16)), START, START));
      long register = 1_000_000L * m;
      for (int h = 0; h <= days * 24; h++) {
        Instant t = START.plus(Duration.ofHours(h));
        int hour = h % 24;
        register += hour < 6 ? 150 : 400 + (m % 7) * 50;
        batch.add(new IngestedReading(id, new MeterReading(t, register, 225.0 + (m + h) % 12, 2.0, 0.5, 0.95, 50.0,
            null, null), t));
        if (batch.size() == 5000) {
          readings.insertBatch(batch);
          batch.clear();
        }
      }
    }
    readings.insertBatch(batch);
  }
}
