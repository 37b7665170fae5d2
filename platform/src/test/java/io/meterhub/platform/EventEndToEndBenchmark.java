package io.meterhub.platform;

import com.hazelcast.topic.ITopic;
import io.meterhub.models.EventCode;
import io.meterhub.models.client.ClientConfigurations;
import io.meterhub.models.client.ClientExecutors;
import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.command.CommandSettings;
import io.meterhub.platform.event.EventTypes;
import io.meterhub.platform.event.StreamPublisher;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Meter events end to end (not a test): {@code bench.meters} simulated KPM31 meters (real Leshan clients over
 * DTLS-PSK on shared pools, spread over 127.0.0.1–10) raise events of object 26243 at a fixed total rate and push
 * them with LwM2M 1.1 Send (SenML-CBOR) into a started {@link PlatformNode}; embedded H2, or PostgreSQL with
 * {@code -Dbench.store=postgresql} and the environment of {@code .ci/postgres.sh}.
 *
 * <p>Each meter cycles overload, power failure, low credit, power restored, meter cover opened, so that every event
 * ends its rule evaluation with exactly one alarm change (opened or repeated; restored clears the failure's alarm),
 * and each meter is its own outage group, so the outage correlation runs (loss recorded, window counted, restore)
 * without folding alarms into an incident. That alarm change, published by the node on its live-stream topic, is the
 * "stored and alarm evaluated" point: a meter's events are evaluated in order on one worker, so an alarm change
 * belongs to the meter's newest stored event (its cause is checked). Latency runs from the raise on the meter
 * (occurredAt; the meter sends at once, or with its next Send when the previous one is still in flight) to that
 * message; the first {@code bench.warmup} seconds are sent but not measured. Afterwards the stored rows are counted
 * against the raised events per meter; the process exits non-zero when any event was lost, duplicated or mismatched.
 *
 * <p>Meters start with a full event log, as every meter in service after its first {@code bench.log} events: they
 * raise that history before registering (so the registration announces every slot of the log), deliver it with one
 * Send each, and only then does the paced run start. A new event then overwrites a slot, which costs one Send and no
 * registration Update. {@code -Dbench.prefill=0} measures a fleet whose logs are still empty instead: each of a
 * meter's first {@code bench.log} events is a new instance, announced with a registration Update before its Send.
 *
 * <pre>
 * eval "$(bash .ci/postgres.sh)"; export METERHUB_VAULT_KEY=$(openssl rand -base64 32)   # PostgreSQL only
 * mvn -o -q -pl platform -am -Pbench process-test-classes \
 *     -Dbench.main=io.meterhub.platform.EventEndToEndBenchmark \
 *     [-Dbench.meters=2000 -Dbench.rate=2000 -Dbench.seconds=60 -Dbench.warmup=30 -Dbench.store=h2|postgresql]
 *     [-Dbench.log=32 -Dbench.senders=64]   # events a meter keeps until sent; threads waiting for Sends
 *     [-Dbench.prefill=32]                  # history events each meter holds before the run (0: empty logs)
 * </pre>
 */
public final class EventEndToEndBenchmark {

  private static final EventCode[] CYCLE = {EventCode.OVERLOAD, EventCode.POWER_FAILURE, EventCode.LOW_CREDIT,
      EventCode.POWER_RESTORED, EventCode.METER_COVER_OPENED};

  /** One meter and its benchmark state: raise times by sequence, alarm changes seen, and its send lane. */
  private static final class Lane {
    final SimulatedMeter meter;
    final long[] raisedAt;
    final AtomicInteger raised = new AtomicInteger();
    final AtomicInteger evaluated = new AtomicInteger();
    final AtomicInteger sendRequests = new AtomicInteger();
    volatile int lastStored = -1;

    Lane(SimulatedMeter meter, int capacity) {
      this.meter = meter;
      this.raisedAt = new long[capacity];
    }
  }

  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  /** Threads that wait for Sends: a Send blocks for its registration Update and its own round trip. */
  private final ExecutorService senders = Executors.newFixedThreadPool(Integer.getInteger("bench.senders", 64));
  private final long[] latencies;
  private final AtomicInteger measured = new AtomicInteger();
  private final AtomicLong lastEvaluated = new AtomicLong();
  private final AtomicLong sends = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private final AtomicLong causeMismatches = new AtomicLong();
  private final AtomicLong storedMessages = new AtomicLong();
  private volatile long measureFrom = Long.MAX_VALUE;

  private EventEndToEndBenchmark(int capacity) {
    latencies = new long[capacity];
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    int meters = Integer.getInteger("bench.meters", 2000);
    int rate = Integer.getInteger("bench.rate", 2000);
    int seconds = Integer.getInteger("bench.seconds", 60);
    int warmup = Integer.getInteger("bench.warmup", 30);
    boolean postgres = "postgresql".equals(System.getProperty("bench.store", "h2"));
    if (postgres && (System.getenv(TestDatabase.URL_ENV) == null || System.getenv("METERHUB_VAULT_KEY") == null)) {
      // A node on an external database needs the shared customer-vault key from its environment.
      System.err.println("PostgreSQL: run eval \"$(bash .ci/postgres.sh)\" and export"
          + " METERHUB_VAULT_KEY=$(openssl rand -base64 32) first");
      System.exit(2);
    }
    Path dataDir = Files.createTempDirectory("meterhub-event-bench-");
    boolean ok;
    try (TestDatabase pg = postgres ? TestDatabase.postgresOrSkip("EventEndToEndBenchmark") : null) {
      Map<String, String> settings = pg == null ? Map.of()
          : Map.of("METERHUB_DB_URL", pg.url(), "METERHUB_DB_USER", pg.user(), "METERHUB_DB_PASSWORD", pg.password());
      List<String> db = pg == null ? List.of(Database.embeddedUrl(dataDir), "sa", "")
          : List.of(pg.url(), pg.user(), pg.password());
      int total = rate * (warmup + seconds);
      int log = Integer.getInteger("bench.log", 32);
      int prefill = Integer.getInteger("bench.prefill", log);
      try (PlatformFixture platform = PlatformFixture.start(dataDir, "event-bench-" + UUID.randomUUID(), 1, List.of(),
              CommandSettings.defaults(), settings);
          ClientExecutors executors = ClientExecutors.create("bench-meter", 8, 4)) {
        EventEndToEndBenchmark bench = new EventEndToEndBenchmark(total);
        ITopic<String> topic = platform.node.cluster().hazelcast().getTopic(StreamPublisher.TOPIC);
        UUID listener = topic.addMessageListener(m -> bench.onStreamMessage(m.getMessageObject()));
        try {
          bench.startMeters(platform, meters, executors, total / meters + 1 + prefill, log, prefill);
          ok = bench.run(platform, rate, seconds, warmup, total, db, pg == null ? "H2" : "PostgreSQL");
        } finally {
          topic.removeMessageListener(listener);
          bench.senders.shutdownNow();
          bench.lanes.values().parallelStream().forEach(l -> l.meter.close());
        }
      }
    }
    try (var files = Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
    System.exit(ok ? 0 : 1);
  }

  private void startMeters(PlatformFixture platform, int count, ClientExecutors executors, int eventsPerMeter,
      int logSize, int prefill) throws Exception {
    long t0 = System.nanoTime();
    List<SimulatedMeter> started = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String imei = String.format("86%013d", i);
      String id = "urn:imei:" + imei;
      String key = String.format("%032x", i + 1);
      // Its own outage group (the region's parent path), so supply losses never fold into an incident.
      platform.createMeter(id, "KPM31", "bench-" + i + "/tx", imei, key);
      InetAddress bind = InetAddress.getByName("127.0.0." + (1 + i % 10));
      SimulatedMeter meter = platform.meter(id, "KPM31", imei, key, b -> b.executors(executors)
          .configuration(ClientConfigurations.lightweight()).bindAddress(bind).raiseRelayEvents(false)
          .lifetime(Duration.ofMinutes(30)).events(logSize, 0));
      Lane lane = new Lane(meter, eventsPerMeter);
      lanes.put(id, lane);
      for (int k = 0; k < prefill; k++) {
        raise(lane);
      }
      started.add(meter);
      meter.start();
      if (started.size() % 50 == 0 || i == count - 1) {
        for (SimulatedMeter m : started) {
          if (!m.awaitRegistered(Duration.ofSeconds(120))) {
            throw new IllegalStateException(m.endpoint() + " did not register");
          }
        }
        started.clear();
      }
    }
    System.out.printf("%d meters provisioned and registered in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
    if (prefill > 0) {
      long t1 = System.nanoTime();
      lanes.values().forEach(this::kick);
      awaitEvaluated(raisedTotal());
      System.out.printf("their history (%,d events, %d per meter) delivered and evaluated in %.1f s%n", raisedTotal(),
          prefill, (System.nanoTime() - t1) / 1e9);
    }
  }

  /** The lane's meter raises its next event of the cycle, recording when. */
  private static void raise(Lane lane) {
    int k = lane.raised.get();
    lane.raisedAt[k] = System.nanoTime();
    lane.raised.set(k + 1);
    lane.meter.events().raise(CYCLE[k % CYCLE.length], null, null);
  }

  private int raisedTotal() {
    return lanes.values().stream().mapToInt(l -> l.raised.get()).sum();
  }

  /** Waits until that many alarm changes were seen, or until nothing was stored for 10 s. */
  private void awaitEvaluated(int expected) throws InterruptedException {
    long seen = -1;
    for (int idle = 0; evaluatedTotal() < expected && idle < 20; idle = seen == storedMessages.get() ? idle + 1 : 0) {
      seen = storedMessages.get();
      lanes.values().forEach(this::kick); // resends what a failed Send left unacknowledged
      Thread.sleep(500);
    }
  }

  /** Raises events at the offered rate, round robin over the meters; each raise asks the meter's lane to send. */
  private boolean run(PlatformFixture platform, int rate, int seconds, int warmup, int total, List<String> db,
      String store) throws Exception {
    List<Lane> order = new ArrayList<>(lanes.values());
    long start = System.nanoTime();
    var progress = Executors.newSingleThreadScheduledExecutor();
    progress.scheduleAtFixedRate(() -> System.out.printf("%5.0f s: raised %,d, stored %,d, evaluated %,d, send errors %d%n",
        (System.nanoTime() - start) / 1e9, raisedTotal(), storedMessages.get(),
        evaluatedTotal(), sendFailures.get()), 5, 5, java.util.concurrent.TimeUnit.SECONDS);
    measureFrom = start + warmup * 1_000_000_000L;
    long cpuAtStart = processCpuNanos();
    for (int i = 0; i < total; i++) {
      long wait = start + (long) (i * (1e9 / rate)) - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      Lane lane = order.get(i % order.size());
      raise(lane);
      kick(lane);
    }
    double offeredSeconds = (System.nanoTime() - start) / 1e9;
    double coresBusy = (processCpuNanos() - cpuAtStart) / 1e9 / offeredSeconds;
    int expected = raisedTotal(); // the history and the paced run
    awaitEvaluated(expected);
    progress.shutdownNow();
    Counts counts = count(db);
    int n = measured.get();
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    double window = (lastEvaluated.get() - measureFrom) / 1e9;
    System.out.printf("%nmeter events end to end (meter → DTLS → Send → stored → alarm evaluated): %s, %d meters,"
        + " offered %d/s for %d s + %d s warm-up (%.1f s actual); this JVM (node + meters) kept %.2f of %d cores busy%n",
        store, order.size(), rate, seconds, warmup, offeredSeconds, coresBusy,
        Runtime.getRuntime().availableProcessors());
    String header = String.format("| %-10s | %-13s | %7s | %7s | %7s | %10s | %8s | %7s | %7s | %7s | %8s |",
        "store", "offered", "sent", "stored", "lost", "duplicated", "events/s", "p50 ms", "p99 ms", "max ms",
        "send err");
    System.out.println(header);
    System.out.println(header.replaceAll("[^|]", "-"));
    System.out.printf("| %-10s | %-13s | %,7d | %,7d | %,7d | %,10d | %,8.0f | %7.1f | %7.1f | %7.1f | %,8d |%n",
        store, "paced " + rate + "/s", expected, counts.stored(), expected - counts.stored(), counts.duplicated(),
        n / window, pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 1.0), sendFailures.get());
    System.out.printf("measured: %,d events raised after the warm-up; alarm changes %,d of %,d (cause mismatches %d);"
            + " stored-event messages %,d; meters whose stored sequences ≠ 0..raised-1: %d%n", n, evaluatedTotal(),
        expected, causeMismatches.get(), storedMessages.get(), counts.badMeters());
    System.out.printf("Sends %,d (%.1f stored events per Send); node's own sink → evaluated (ms): p50 %.1f, p99 %.1f,"
        + " max %.1f; dropped by the node: %.0f (queue full), %.0f (store failed)%n", sends.get(),
        counts.stored() / (double) Math.max(1, sends.get()),
        metric(platform, "meterhub_events_ingest_latency_seconds{quantile=\"0.5\"}") * 1e3,
        metric(platform, "meterhub_events_ingest_latency_seconds{quantile=\"0.99\"}") * 1e3,
        metric(platform, "meterhub_events_ingest_latency_seconds_max") * 1e3,
        metric(platform, "meterhub_events_dropped_total{reason=\"queue_full\"}"),
        metric(platform, "meterhub_events_dropped_total{reason=\"store_failed\"}"));
    return counts.stored() == expected && counts.duplicated() == 0 && counts.badMeters() == 0
        && evaluatedTotal() == expected && causeMismatches.get() == 0;
  }

  /** Asks the lane to send; only one Send per meter at a time, later raises ride on the next one. */
  private void kick(Lane lane) {
    if (lane.sendRequests.getAndIncrement() == 0) {
      senders.execute(() -> {
        int seen;
        do {
          seen = lane.sendRequests.get();
          send(lane);
        } while (lane.sendRequests.addAndGet(-seen) > 0);
      });
    }
  }

  private void send(Lane lane) {
    try {
      var response = lane.meter.sendEvents();
      if (response.isPresent()) {
        sends.incrementAndGet();
        if (!response.get().isSuccess()) {
          sendFailures.incrementAndGet();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      sendFailures.incrementAndGet(); // unacknowledged events go again with the next Send
    }
  }

  /**
   * Hazelcast event thread. A meter's events are handled in order on one ingestion worker, which publishes the stored
   * event, then the alarm change of its evaluation, then the next event: an alarm change belongs to the meter's
   * newest stored event.
   */
  private void onStreamMessage(String text) {
    long now = System.nanoTime();
    JsonObject message = new JsonObject(text);
    JsonObject data = message.getJsonObject("data");
    Lane lane = lanes.get(data.getString("meterId"));
    if (lane == null) {
      return;
    }
    if ("event".equals(message.getString("kind"))) {
      storedMessages.incrementAndGet();
      lane.lastStored = data.getLong("sequence").intValue();
    } else if ("alarm".equals(message.getString("kind"))) {
      int seq = lane.lastStored;
      lane.evaluated.incrementAndGet();
      EventCode code = CYCLE[seq % CYCLE.length];
      String cause = EventTypes.of(code == EventCode.POWER_RESTORED ? EventCode.POWER_FAILURE : code);
      if (!cause.equals(data.getString("cause"))) {
        causeMismatches.incrementAndGet();
      }
      if (lane.raisedAt[seq] >= measureFrom) {
        latencies[measured.getAndIncrement()] = now - lane.raisedAt[seq];
        lastEvaluated.accumulateAndGet(now, Math::max);
      }
    }
  }

  private int evaluatedTotal() {
    return lanes.values().stream().mapToInt(l -> l.evaluated.get()).sum();
  }

  private record Counts(long stored, long duplicated, long badMeters) {}

  /** Stored rows per meter against what each meter raised (sequences 0..raised-1, unique per meter). */
  private Counts count(List<String> target) {
    try (Database db = Database.open(target.get(0), target.get(1), target.get(2), 2)) {
      return db.withConnection(c -> {
        long stored = 0;
        long duplicated = 0;
        long bad = 0;
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT meter_id, COUNT(*), COUNT(DISTINCT"
            + " sequence), MIN(sequence), MAX(sequence) FROM events GROUP BY meter_id")) {
          while (rs.next()) {
            Lane lane = lanes.get(rs.getString(1));
            stored += rs.getLong(3);
            duplicated += rs.getLong(2) - rs.getLong(3);
            if (lane == null || rs.getLong(2) != lane.raised.get() || rs.getLong(4) != 0
                || rs.getLong(5) != lane.raised.get() - 1) {
              bad++;
            }
          }
        }
        return new Counts(stored, duplicated, bad);
      });
    }
  }

  private static double metric(PlatformFixture platform, String sample) {
    return platform.call("GET", "/metrics", null, null).body().lines()
        .filter(line -> line.startsWith(sample + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst().orElse(Double.NaN);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
