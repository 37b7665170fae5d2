package io.meterhub.platform.event;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterEventRecord;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Event ingestion benchmark (not a test): pushes meter events through {@link EventIngestor} (sink → queue → stored,
 * duplicates skipped → alarm rules and outage correlation evaluated) into embedded H2 and, when
 * {@code METERHUB_TEST_DB_URL} is set, PostgreSQL; prints events/s and sink → evaluated latency.
 *
 * <p>Event mix per meter: relay closed 40 %, overload 15 %, low credit 10 %, power failure 10 %, power restored
 * 10 %, cover opened 5 %, unknown code 5 %, and 5 % resends of an earlier event (duplicates). Each store runs paced
 * at an offered rate, and unpaced (queue as large as the run) for the ceiling.
 *
 * <pre>
 * eval "$(bash .ci/postgres.sh)"   # optional, adds the PostgreSQL rows
 * mvn -o -q -pl platform -am -Pbench-events process-test-classes \
 *     [-Dbench.events=20000] [-Dbench.meters=1000] [-Dbench.rate=1000] [-Dbench.stores=h2,postgresql]
 *     [-Dbench.workers=4]
 * </pre>
 */
public final class EventIngestionBenchmark {

  private static final Instant BASE = Instant.parse("2026-12-01T00:00:00Z");

  private record Result(String store, String mode, long events, double seconds, long stored, long alarms,
      double p50Ms, double p99Ms, double maxMs) {}

  private EventIngestionBenchmark() {}

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int events = Integer.getInteger("bench.events", 20_000);
    int meters = Integer.getInteger("bench.meters", 1_000);
    int rate = Integer.getInteger("bench.rate", 1_000);
    String stores = System.getProperty("bench.stores", "h2,postgresql");
    List<Result> results = new ArrayList<>();
    if (stores.contains("h2")) {
      try (TestDatabase h2 = TestDatabase.h2()) {
        measure("H2", h2, events, meters, rate, results);
      }
    }
    if (System.getenv(TestDatabase.URL_ENV) != null && stores.contains("postgresql")) {
      try (TestDatabase pg = TestDatabase.postgresOrSkip("EventIngestionBenchmark")) {
        measure("PostgreSQL", pg, events, meters, rate, results);
      }
    } else if (stores.contains("postgresql")) {
      System.out.println("NOTICE: " + TestDatabase.URL_ENV + " not set: PostgreSQL skipped");
    }
    print(events, meters, results);
    System.exit(0);
  }

  private static void measure(String name, TestDatabase target, int events, int meters, int rate,
      List<Result> results) throws Exception {
    run(name, target, Math.min(events, 5_000), meters, 0); // warm-up, discarded
    results.add(run(name, target, events, meters, rate));
    results.add(run(name, target, events, meters, 0));
  }

  private static Result run(String name, TestDatabase target, int events, int meters, int rate) throws Exception {
    try (Database db = target.open()) {
      EventTestSupport.truncateEventTables(db);
      TestDatabase.sql(db, "DELETE FROM meters");
      JdbcMeterStore meterStore = new JdbcMeterStore(db);
      for (int m = 0; m < meters; m++) {
        meterStore.insert(new Meter("bench-" + m, "KPM31", "region-" + (m % 20) + "/feeder-" + (m % 200) + "/tx-" + m,
            MeterSecurity.psk("bench-psk-" + m, "00".repeat(16)), BASE, BASE));
      }
      Clock clock = Clock.systemUTC();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      EventConfig config = EventConfig.defaults().withQueueCapacity(Math.max(events, 1000));
      config = config.withIngestWorkers(Integer.getInteger("bench.workers", config.ingestWorkers()));
      RegionLookup regions = new CachedRegions(meterStore, Duration.ofMinutes(10), clock);
      EventNotifications none = new EventNotifications() { };
      JdbcAlarmStore alarms = new JdbcAlarmStore(db);
      AlarmEngine engine = new AlarmEngine(alarms, new JdbcOutageStore(db), new RecordingTamperResponse(), regions,
          none, config, clock);
      EventIngestor ingestor = new EventIngestor(new JdbcEventStore(db), engine, regions, none, config, registry);
      long start = System.nanoTime();
      int duplicates = produce(ingestor, events, meters, rate, start);
      if (!ingestor.awaitIdle(Duration.ofMinutes(30))) {
        throw new IllegalStateException("ingestion did not finish");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      ingestor.close();
      long stored = new JdbcEventStore(db).count();
      if (stored != events - duplicates) {
        throw new IllegalStateException("stored " + stored + " events, expected " + (events - duplicates));
      }
      long alarmRows = db.withConnection(c -> {
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM alarms")) {
          rs.next();
          return rs.getLong(1);
        }
      });
      Timer latency = registry.get("meterhub.events.ingest.latency").timer();
      ValueAtPercentile[] pct = latency.takeSnapshot().percentileValues();
      return new Result(name, rate > 0 ? "paced " + rate + "/s" : "unpaced", events, seconds, stored, alarmRows,
          pct[0].value(TimeUnit.MILLISECONDS), pct[1].value(TimeUnit.MILLISECONDS),
          latency.max(TimeUnit.MILLISECONDS));
    }
  }

  /** Pushes the events, one Send per event as meters do; returns how many were resends. */
  private static int produce(EventIngestor ingestor, int events, int meters, int rate, long start) {
    int duplicates = 0;
    long[] nextSeq = new long[meters];
    java.util.SplittableRandom random = new java.util.SplittableRandom(42); // same mix in every run
    for (int i = 0; i < events; i++) {
      if (rate > 0) {
        long wait = start + (long) (i * (1e9 / rate)) - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      int m = i % meters;
      int pick = random.nextInt(100);
      MeterEventRecord record;
      if (pick >= 95 && nextSeq[m] > 0) {
        record = event(EventCode.RELAY_CLOSED, nextSeq[m] - 1);
        duplicates++;
      } else {
        record = event(code(pick), nextSeq[m]++);
      }
      ingestor.accept("bench-" + m, List.of(record), Instant.now());
    }
    return duplicates;
  }

  private static EventCode code(int pick) {
    if (pick < 40) {
      return EventCode.RELAY_CLOSED;
    } else if (pick < 55) {
      return EventCode.OVERLOAD;
    } else if (pick < 65) {
      return EventCode.LOW_CREDIT;
    } else if (pick < 75) {
      return EventCode.POWER_FAILURE;
    } else if (pick < 85) {
      return EventCode.POWER_RESTORED;
    } else if (pick < 90) {
      return EventCode.METER_COVER_OPENED;
    }
    return EventCode.UNKNOWN;
  }

  private static MeterEventRecord event(EventCode code, long seq) {
    int raw = code == EventCode.UNKNOWN ? 999 : code.code();
    return new MeterEventRecord(raw, code, Instant.now(), seq, null, null);
  }

  private static void print(int events, int meters, List<Result> results) {
    System.out.printf("%nEvent ingestion benchmark: %,d events from %,d meters (sink → stored → alarms evaluated),"
        + " %s ingestion workers, %d cores, %s%n", events, meters, System.getProperty("bench.workers", "default"),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    String header = String.format("| %-10s | %-13s | %8s | %7s | %9s | %8s | %7s | %8s | %8s | %8s |", "store",
        "offered", "events", "seconds", "events/s", "stored", "alarms", "p50 ms", "p99 ms", "max ms");
    System.out.println(header);
    System.out.println(header.replaceAll("[^|]", "-"));
    for (Result r : results) {
      System.out.printf("| %-10s | %-13s | %,8d | %7.1f | %,9.0f | %,8d | %,7d | %8.1f | %8.1f | %8.1f |%n",
          r.store(), r.mode(), r.events(), r.seconds(), r.events() / r.seconds(), r.stored(), r.alarms(), r.p50Ms(),
          r.p99Ms(), r.maxMs());
    }
    System.out.println("stored = events pushed − resends in every run: duplicates skipped, nothing lost");
  }
}
