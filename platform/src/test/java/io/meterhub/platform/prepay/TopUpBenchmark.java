package io.meterhub.platform.prepay;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.api.ApiConfig;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.security.RateLimits;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Prepayment benchmark (not a test). Per store (embedded H2 and, when {@code METERHUB_TEST_DB_URL} is set,
 * PostgreSQL):
 *
 * <ol>
 *   <li>top-ups over HTTP (concurrent clients, a unique Idempotency-Key each, 10 % deliberately sent twice, which
 *       must come back replayed): top-ups/s and p50/p99 latency;
 *   <li>consumption charges through {@link ConsumptionCharger} (one worker): charges/s;
 *   <li>a randomized run on two "nodes" (two services on two pools): top-ups, key retries, readings (also duplicated
 *       and out of order), reversals; then every account's balance is compared with the independently tracked
 *       expectation, and the reconciliation invariant is checked: lost and duplicated minor units must be 0.
 * </ol>
 *
 * <pre>
 * eval "$(.ci/postgres.sh)"   # optional, adds the PostgreSQL rows
 * mvn -o -q -pl platform -am -Pbench-prepay process-test-classes \
 *     [-Dbench.topups=5000] [-Dbench.clients=16] [-Dbench.readings=20000] [-Dbench.ops=100000]
 *     [-Dbench.accounts=200] [-Dbench.pool=8] [-Dbench.stores=h2,postgresql]
 * </pre>
 */
public final class TopUpBenchmark {

  private static final Instant BASE = Instant.parse("2026-12-01T00:00:00Z");

  private record Row(String store, double topUpsPerSec, double p50Ms, double p99Ms, long replays, double chargesPerSec,
      long ops, double opsPerSec, long accounts, long lost, long duplicated, boolean reconciled) {}

  private TopUpBenchmark() {}

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    String stores = System.getProperty("bench.stores", "h2,postgresql");
    List<Row> rows = new ArrayList<>();
    if (stores.contains("h2")) {
      try (TestDatabase h2 = TestDatabase.h2()) {
        rows.add(run("H2", h2));
      }
    }
    if (stores.contains("postgresql")) {
      if (System.getenv(TestDatabase.URL_ENV) == null) {
        System.out.println("NOTICE: " + TestDatabase.URL_ENV + " not set: PostgreSQL skipped");
      } else {
        try (TestDatabase pg = TestDatabase.postgresOrSkip("TopUpBenchmark")) {
          rows.add(run("PostgreSQL", pg));
        }
      }
    }
    System.out.printf("%n%-11s %11s %8s %8s %8s %10s %8s %8s %8s %6s %6s %10s%n", "store", "topups/s", "p50 ms",
        "p99 ms", "replays", "charges/s", "ops", "ops/s", "accounts", "lost", "dup", "reconciled");
    for (Row r : rows) {
      System.out.printf("%-11s %11.0f %8.1f %8.1f %8d %10.0f %8d %8.0f %8d %6d %6d %10s%n", r.store(),
          r.topUpsPerSec(), r.p50Ms(), r.p99Ms(), r.replays(), r.chargesPerSec(), r.ops(), r.opsPerSec(),
          r.accounts(), r.lost(), r.duplicated(), r.reconciled());
    }
    System.out.printf("(%d cores, Java %s)%n", Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.exit(rows.stream().allMatch(r -> r.lost() == 0 && r.duplicated() == 0 && r.reconciled()) ? 0 : 1);
  }

  private static Row run(String store, TestDatabase target) throws Exception {
    int topUps = Integer.getInteger("bench.topups", 5000);
    int clients = Integer.getInteger("bench.clients", 16);
    int readings = Integer.getInteger("bench.readings", 20000);
    int ops = Integer.getInteger("bench.ops", 100_000);
    int accounts = Integer.getInteger("bench.accounts", 200);
    int poolSize = Integer.getInteger("bench.pool", 8);
    try (Database nodeA = target.open(poolSize); Database nodeB = target.open(poolSize)) {
      Clock clock = Clock.systemUTC();
      ChainedAuditLog audit = new ChainedAuditLog(nodeA, clock);
      PrepayConfig config = PrepayConfig.defaults();
      PrepayService a = new PrepayService(nodeA, audit, new RecordingSupplyControl(), new LatestDisplayPublisher(),
          config, clock, id -> true);
      PrepayService b = new PrepayService(nodeB, new ChainedAuditLog(nodeB, clock), new RecordingSupplyControl(),
          new LatestDisplayPublisher(), config, clock, id -> true);
      a.createTariff("bench", new JsonObject().put("id", "flat-1").put("currency", "CNY").put("type", "flat")
          .put("pricePerKwh", "1.0000"));
      CreditPolicy policy = new CreditPolicy(0, 1_000_000_000L, 0, List.of(), java.util.Set.of(), ZoneOffset.UTC, 0,
          null, 7, false);
      List<Account> accs = new ArrayList<>();
      for (int i = 0; i < accounts; i++) {
        accs.add(a.openAccount("bench", new NewAccount("bench-" + store + "-" + i, "flat-1", "CNY", policy, 0)));
      }
      System.out.printf("%s: HTTP top-ups...%n", store);
      long[] http = httpTopUps(a, accs, topUps, clients);
      System.out.printf("%s: charges...%n", store);
      double chargesPerSec = charges(a, accs, readings);
      System.out.printf("%s: randomized run of %d operations on two nodes...%n", store, ops);
      long start = System.nanoTime();
      long[] check = randomized(a, b, accs, ops);
      double opsPerSec = ops / ((System.nanoTime() - start) / 1e9);
      boolean reconciled = a.reconcile(LocalDate.now(ZoneOffset.UTC)).balanced();
      long[] latencies = Arrays.copyOfRange(http, 2, http.length);
      Arrays.sort(latencies);
      return new Row(store, topUps / (http[0] / 1e9), pct(latencies, 50), pct(latencies, 99), http[1], chargesPerSec,
          ops, opsPerSec, accounts, check[0], check[1], reconciled);
    }
  }

  /** Daemon threads: after a failed request the exception ends the run instead of idle clients keeping it alive. */
  private static ExecutorService daemonPool(int threads) {
    return Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "bench-client");
      t.setDaemon(true);
      return t;
    });
  }

  private static double pct(long[] sortedNanos, double p) {
    int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100 * sortedNanos.length) - 1);
    return sortedNanos[Math.max(0, index)] / 1e6;
  }

  /** Returns [elapsed ns, replays seen, latency ns...]. */
  private static long[] httpTopUps(PrepayService service, List<Account> accs, int topUps, int clients)
      throws Exception {
    // No per-user limit: it would answer 429 once a longer run (-Dbench.topups) outpaces it; this measures the ledger.
    try (ApiFixture fx = new ApiFixture(ApiConfig.defaults().withHostPort("127.0.0.1", 0)
        .withAdminPassword(Optional.of(ApiFixture.ADMIN_PASSWORD)).withLimits(RateLimits.off()),
        (audit, meters) -> service)) {
      String token = fx.userWithRole("bench-pay", "payments");
      Map<String, Long> before = balances(service, accs);
      long[] latencies = new long[topUps];
      AtomicLong next = new AtomicLong();
      AtomicLong replays = new AtomicLong();
      Map<String, Long> expected = new ConcurrentHashMap<>();
      ExecutorService pool = daemonPool(clients);
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(pool.submit(() -> {
          for (long i = next.getAndIncrement(); i < topUps; i = next.getAndIncrement()) {
            Account acc = accs.get((int) (i % accs.size()));
            long amount = 1 + ThreadLocalRandom.current().nextLong(5000);
            String body = new JsonObject().put("amount", amount).put("currency", "CNY")
                .put("reference", "bench-" + i).encode();
            Map<String, String> key = Map.of("Idempotency-Key", "http-" + acc.id() + "-" + i);
            long t0 = System.nanoTime();
            Response r = fx.call("POST", "/api/v1/accounts/" + acc.id() + "/topups", token, key,
                "application/json", body);
            latencies[(int) i] = System.nanoTime() - t0;
            if (r.status() != 201) {
              throw new IllegalStateException("top-up failed: " + r);
            }
            expected.merge(acc.id(), amount, Long::sum);
            if (i % 10 == 0) {
              Response again = fx.call("POST", "/api/v1/accounts/" + acc.id() + "/topups", token, key,
                  "application/json", body);
              if (again.status() != 201 || again.header("Idempotency-Replayed").isEmpty()) {
                throw new IllegalStateException("retry was not replayed: " + again);
              }
              replays.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      long elapsed = System.nanoTime() - start;
      pool.shutdown();
      Map<String, Long> after = balances(service, accs);
      for (Account acc : accs) {
        long gained = after.get(acc.id()) - before.get(acc.id());
        if (gained != expected.getOrDefault(acc.id(), 0L)) {
          throw new IllegalStateException("HTTP top-ups: account " + acc.id() + " gained " + gained);
        }
      }
      long[] out = new long[topUps + 2];
      out[0] = elapsed;
      out[1] = replays.get();
      System.arraycopy(latencies, 0, out, 2, topUps);
      return out;
    }
  }

  private static Map<String, Long> balances(PrepayService service, List<Account> accs) {
    Map<String, Long> out = new ConcurrentHashMap<>();
    accs.forEach(acc -> out.put(acc.id(), service.account(acc.id()).orElseThrow().balance()));
    return out;
  }

  private static double charges(PrepayService service, List<Account> accs, int readings) throws Exception {
    Map<String, Long> before = balances(service, accs);
    int perAccount = Math.max(2, readings / accs.size());
    List<IngestedReading> batch = new ArrayList<>();
    for (int step = 0; step < perAccount; step++) {
      for (Account acc : accs) {
        Instant at = BASE.plusSeconds(step);
        batch.add(new IngestedReading(acc.meterId(),
            new MeterReading(at, 10L * step, null, null, null, null, null, null, null), at));
      }
    }
    long start = System.nanoTime();
    try (ConsumptionCharger charger = new ConsumptionCharger(service, batch.size())) {
      batch.forEach(charger::accept);
      while (charger.processed() < batch.size()) {
        Thread.sleep(5);
      }
      if (charger.failed() > 0 || charger.dropped() > 0) {
        throw new IllegalStateException("charger failed " + charger.failed() + ", dropped " + charger.dropped());
      }
    }
    double perSec = batch.size() / ((System.nanoTime() - start) / 1e9);
    Map<String, Long> after = balances(service, accs);
    for (Account acc : accs) {
      if (before.get(acc.id()) - after.get(acc.id()) != perAccount - 1) {
        throw new IllegalStateException("charges: account " + acc.id() + " wrong");
      }
    }
    return perSec;
  }

  /** Returns [lost, duplicated] minor units over all accounts (both must be 0). */
  private static long[] randomized(PrepayService a, PrepayService b, List<Account> accs, int ops) throws Exception {
    RandomRun run = new RandomRun(a, b, accs);
    ExecutorService pool = daemonPool(8);
    AtomicLong next = new AtomicLong();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      done.add(pool.submit(() -> {
        for (long i = next.getAndIncrement(); i < ops; i = next.getAndIncrement()) {
          run.step(i);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.MINUTES);
    return run.settle();
  }
}
