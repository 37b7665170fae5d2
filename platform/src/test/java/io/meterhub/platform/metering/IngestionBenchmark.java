package io.meterhub.platform.metering;

import static org.eclipse.leshan.core.node.LwM2mSingleResource.newDateResource;
import static org.eclipse.leshan.core.node.LwM2mSingleResource.newFloatResource;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.models.MeterObjectModels;
import io.meterhub.platform.cluster.HazelcastMeterLiveState;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.meterhub.platform.testsupport.TestHazelcast;
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
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.node.LwM2mNode;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mDecoder;
import org.eclipse.leshan.core.node.codec.DefaultLwM2mEncoder;
import org.eclipse.leshan.core.request.ContentFormat;
import org.slf4j.LoggerFactory;

/**
 * Reading ingestion benchmark (not a test): the path of a meter's notification after CoAP/DTLS, for many simulated
 * meters. Each reading arrives as a SenML-CBOR payload of {@code /10242/0} and {@code /26241/0} (a three-phase meter
 * with TOU registers), is decoded by Leshan into LwM2M nodes, handed to {@link MeterTrafficIngest} (the platform's
 * traffic handler: device-models decoding, live state in an embedded Hazelcast member, arrival time stamped) and
 * written by the {@link BatchingReadingWriter} into embedded H2 and, when {@code METERHUB_TEST_DB_URL} is set,
 * PostgreSQL. Prints throughput, batch sizes and arrival → committed latency, and checks by counting rows that nothing
 * was lost.
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
  private static final LwM2mPath THREE_PHASE = new LwM2mPath(MeterObjectModels.THREE_PHASE_METER, 0);
  private static final LwM2mPath TARIFF_REGISTERS = new LwM2mPath(MeterObjectModels.TARIFF_REGISTERS, 0);
  private static final List<LwM2mPath> OBSERVED = List.of(THREE_PHASE, TARIFF_REGISTERS);

  private record Result(
      String store, String mode, long readings, double seconds, long rows, double dropped, double meanBatch,
      double p50Ms, double p99Ms, double maxMs, long liveDropped) {}

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
    List<byte[]> payloads = payloads(meters);
    HazelcastInstance hazelcast = TestHazelcast.start();
    try {
      HazelcastMeterLiveState live = new HazelcastMeterLiveState(hazelcast);
      if (stores.contains("h2")) {
        try (TestDatabase h2 = TestDatabase.h2()) {
          measure("H2", h2, live, payloads, readings, rate, warmup, results);
        }
      }
      if (System.getenv(TestDatabase.URL_ENV) != null && stores.contains("postgresql")) {
        try (TestDatabase pg = TestDatabase.postgresOrSkip("IngestionBenchmark")) {
          measure("PostgreSQL", pg, live, payloads, readings, rate, warmup, results);
        }
      } else if (stores.contains("postgresql")) {
        System.out.println("NOTICE: " + TestDatabase.URL_ENV + " not set: PostgreSQL skipped");
      }
    } finally {
      hazelcast.shutdown();
    }
    print(readings, meters, results);
    System.exit(results.stream().allMatch(r -> r.rows() == r.readings()) ? 0 : 1);
  }

  /** A discarded unpaced warm-up (JIT, pool, table files), then the paced and the unpaced run. */
  private static void measure(String name, TestDatabase target, HazelcastMeterLiveState live, List<byte[]> payloads,
      int readings, int rate, int warmup, List<Result> results) throws Exception {
    if (warmup > 0) {
      run(name, target, live, payloads, warmup, 0);
    }
    results.add(run(name, target, live, payloads, readings, rate));
    results.add(run(name, target, live, payloads, readings, 0));
  }

  private static Result run(String name, TestDatabase target, HazelcastMeterLiveState live, List<byte[]> payloads,
      int readings, int rate) throws Exception {
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
      MeterTrafficIngest ingest = new MeterTrafficIngest(live, writer, (meter, events, at) -> {
        throw new IllegalStateException("the benchmark's payloads carry no events");
      }, "bench", Clock.systemUTC());
      long start = System.nanoTime();
      produce(ingest, payloads, readings, rate, start);
      ingest.close();
      writer.close();
      double seconds = (System.nanoTime() - start) / 1e9;
      long rows = countRows(db);
      Timer latency = registry.get("meterhub.readings.persist.latency").timer();
      DistributionSummary batch = registry.get("meterhub.readings.batch.size").summary();
      double dropped = registry.get("meterhub.readings.dropped").counters().stream().mapToDouble(c -> c.count()).sum();
      ValueAtPercentile[] pct = latency.takeSnapshot().percentileValues();
      return new Result(name, rate > 0 ? "paced " + rate + "/s" : "unpaced", readings, seconds, rows, dropped,
          batch.mean(), pct[0].value(TimeUnit.MILLISECONDS), pct[1].value(TimeUnit.MILLISECONDS),
          latency.max(TimeUnit.MILLISECONDS), ingest.droppedLiveUpdates());
    }
  }

  /**
   * Offers {@code readings} notifications, meter by meter in turn: each is decoded from its payload (Leshan) and handed
   * to the traffic handler, as the LwM2M server does. Meter m's n-th reading is dated n × 15 minutes after BASE.
   */
  private static void produce(MeterTrafficIngest ingest, List<byte[]> payloads, int readings, int rate, long start) {
    DefaultLwM2mDecoder decoder = new DefaultLwM2mDecoder();
    LwM2mModel model = MeterObjectModels.model();
    int meters = payloads.size();
    for (int i = 0; i < readings; i++) {
      if (rate > 0) {
        long due = start + (long) (i * (1e9 / rate));
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      Map<LwM2mPath, LwM2mNode> nodes =
          decoder.decodeNodes(payloads.get(i % meters), ContentFormat.SENML_CBOR, OBSERVED, model);
      ingest.values("bench-" + (i % meters), nodes, BASE.plus(Duration.ofMinutes(15L * (i / meters))));
    }
  }

  /** One SenML-CBOR payload per meter: its three-phase measurements and TOU registers. */
  private static List<byte[]> payloads(int meters) {
    DefaultLwM2mEncoder encoder = new DefaultLwM2mEncoder();
    List<byte[]> payloads = new ArrayList<>(meters);
    for (int m = 0; m < meters; m++) {
      double kwh = 1_000.0 + m + 0.123;
      Map<LwM2mPath, LwM2mNode> nodes = new LinkedHashMap<>();
      nodes.put(THREE_PHASE, new LwM2mObjectInstance(0,
          newFloatResource(4, 230.1), newFloatResource(5, 5.2), newFloatResource(6, 1.1),
          newFloatResource(14, 229.7), newFloatResource(15, 4.9), newFloatResource(16, 1.0),
          newFloatResource(24, 231.2), newFloatResource(25, 5.6), newFloatResource(26, 1.3),
          newFloatResource(34, 3.4), newFloatResource(39, 0.96), newFloatResource(41, kwh),
          newFloatResource(49, 50.0), newFloatResource(50, 0.2)));
      nodes.put(TARIFF_REGISTERS, new LwM2mObjectInstance(0,
          newFloatResource(0, kwh / 10), newFloatResource(1, kwh / 5), newFloatResource(2, kwh / 3),
          newFloatResource(3, kwh / 4), newFloatResource(4, 7.5), newDateResource(5, Date.from(BASE))));
      payloads.add(encoder.encodeNodes(nodes, ContentFormat.SENML_CBOR, MeterObjectModels.model()));
    }
    return payloads;
  }

  private static long countRows(Database db) {
    return db.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              // only fully decoded rows count: energy, all three phases and the TOU registers
              ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM readings WHERE energy_wh IS NOT NULL"
                  + " AND l3_voltage_v IS NOT NULL AND tou_sharp_wh IS NOT NULL AND max_demand_at IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static void print(int readings, int meters, List<Result> results) {
    System.out.printf("%nIngestion benchmark: %,d readings from %,d meters, batch ≤ %d, delay %d ms, %d cores, %s%n",
        readings, meters, BatchingReadingWriter.DEFAULT_MAX_BATCH, BatchingReadingWriter.DEFAULT_MAX_DELAY.toMillis(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    String header =
        String.format("| %-10s | %-13s | %9s | %7s | %12s | %10s | %7s | %8s | %8s | %8s | %8s | %12s |",
        "store", "offered", "readings", "seconds", "persisted/s", "rows", "dropped", "batch", "p50 ms", "p99 ms",
        "max ms", "live dropped");
    System.out.println(header);
    System.out.println(header.replaceAll("[^|]", "-"));
    for (Result r : results) {
      System.out.printf(
          "| %-10s | %-13s | %,9d | %7.1f | %,12.0f | %,10d | %7.0f | %8.1f | %8.1f | %8.1f | %8.1f | %,12d |%n",
          r.store(), r.mode(), r.readings(), r.seconds(), r.rows() / r.seconds(), r.rows(), r.dropped(),
          r.meanBatch(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.liveDropped());
    }
    boolean lossless = results.stream().allMatch(r -> r.rows() == r.readings());
    System.out.println(lossless ? "rows counted = readings pushed: nothing lost" : "READINGS LOST: see rows column");
  }
}
