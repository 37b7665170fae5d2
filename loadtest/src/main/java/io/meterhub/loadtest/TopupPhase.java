package io.meterhub.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * Concurrent top-ups through the API (api-v1.md, "Prepayment"): one account per meter on a flat tariff, then per
 * account a top-up, a deliberate retry with the same key (must be replayed, not credited), and two identical requests
 * racing with one new key (one credit only). The ledger is read back to check that each key credited exactly once.
 */
final class TopupPhase {

  private static final String TARIFF = "loadtest-flat";
  /**
   * Emergency credit of the simulated accounts (minor units: 10 CNY). Opened at a zero balance with none, as the
   * default policy has it, every account was exhausted by the next reading of its meter and disconnected, then
   * reconnected by its first top-up: the storm measured 5,000 relay cycles (about 30,000 prepayment commands) along
   * with the top-ups. A utility opens an account with credit to run on until the first payment.
   */
  private static final long EMERGENCY_CREDIT = 1_000;

  private final PlatformApi api;
  private final Results results;
  private final String runTag;
  // The common pool has one thread on a two-core machine: the two racing requests need their own threads.
  private final ExecutorService racers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "topup-race");
    t.setDaemon(true);
    return t;
  });

  /** @param runTag makes this run's idempotency keys and references unique */
  TopupPhase(PlatformApi api, Results results, String runTag) {
    this.api = Objects.requireNonNull(api, "api");
    this.results = Objects.requireNonNull(results, "results");
    this.runTag = Objects.requireNonNull(runTag, "runTag");
  }

  /**
   * Creates {@code count} accounts, then offers their top-up sequences at {@code perSecond} credited top-ups a
   * second (each sequence credits two keys with four requests), at most {@code concurrency} sequences at once, and
   * reconciles every ledger.
   */
  Results.PhaseOutcome run(List<SimMeter> meters, int count, double perSecond, int concurrency) {
    long start = System.nanoTime();
    PlatformApi.Reply tariff =
        api.post(
            "/api/v1/tariffs",
            new JsonObject().put("id", TARIFF).put("currency", "CNY").put("type", "flat").put("pricePerKwh", "1.0000"));
    if (tariff.status() == 404) {
      return outcome("skipped", "POST /api/v1/tariffs answered 404: the prepayment API is not there yet", start);
    }
    if (!tariff.ok() && tariff.status() != 409) {
      results.error("topup.tariff.http" + tariff.status(), tariff.body());
      return outcome("failed", "could not create the tariff: " + tariff.status(), start);
    }
    List<SimMeter> owners = meters.subList(0, Math.min(count, meters.size()));
    String[] slots = new String[owners.size()];
    Paced.run(IntStream.range(0, owners.size()).<Runnable>mapToObj(i -> () ->
        account(owners.get(i).identity().id()).ifPresent(a -> slots[i] = a)).toList(), 10_000, 16);
    List<String> accounts = Arrays.stream(slots).filter(Objects::nonNull).toList();
    if (accounts.isEmpty()) {
      return outcome("skipped", "no account could be created (POST /api/v1/accounts)", start);
    }
    long before = results.counter("topupsCredited") + results.counter("topupRacesSingleCredit");
    long t0 = System.nanoTime();
    Paced.run(IntStream.range(0, accounts.size()).<Runnable>mapToObj(i -> () -> topUps(accounts.get(i), i)).toList(),
        perSecond / 2, concurrency);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long credited = results.counter("topupsCredited") + results.counter("topupRacesSingleCredit") - before;
    results.figure("topupsCreditedPerSecond", Scenario.round(credited / Math.max(0.001, seconds)));
    results.figure("topupRequestsPerSecond", Scenario.round(results.counter("topupRequests") / Math.max(0.001,
        seconds)));
    racers.shutdown();
    String ledger = checkLedgers(accounts);
    return outcome("done", accounts.size() + " accounts topped up with retries and races; " + ledger, start);
  }

  private Optional<String> account(String meterId) {
    PlatformApi.Reply created =
        api.post(
            "/api/v1/accounts",
            new JsonObject().put("meterId", meterId).put("tariffId", TARIFF).put("currency", "CNY")
                .put("policy", new JsonObject().put("emergencyCredit", EMERGENCY_CREDIT)));
    if (created.status() == 201) {
      return Optional.ofNullable(created.json().getString("id"));
    }
    if (created.status() == 409) {
      PlatformApi.Reply list = api.get("/api/v1/accounts?meterId=" + PlatformApi.enc(meterId));
      JsonArray items = list.ok() ? list.json().getJsonArray("items", new JsonArray()) : new JsonArray();
      if (!items.isEmpty()) {
        return Optional.ofNullable(items.getJsonObject(0).getString("id"));
      }
    }
    if (created.status() != 404) {
      results.error("topup.account.http" + created.status(), created.body());
    }
    return Optional.empty();
  }

  private PlatformApi.Reply topUp(String account, String key, long amount) {
    long t0 = System.nanoTime();
    PlatformApi.Reply reply = api.call(
        "POST",
        "/api/v1/accounts/" + PlatformApi.enc(account) + "/topups",
        new JsonObject().put("amount", amount).put("currency", "CNY").put("reference", "ref-" + key),
        Map.of("Idempotency-Key", key));
    results.latency("topup", Duration.ofNanos(System.nanoTime() - t0));
    results.count("topupRequests");
    if (reply.status() == 429) {
      // Refused by the per-user top-up limit: nothing credited, so not lost; counted apart.
      results.count("topupsRateLimited");
    }
    return reply;
  }

  private void topUps(String account, int n) {
    String key = "lt-" + runTag + "-" + n + "-a";
    PlatformApi.Reply first = topUp(account, key, 1000);
    if (first.status() == 429) {
      return;
    }
    if (first.status() != 201) {
      results.error("topup.http" + first.status(), first.body());
      return;
    }
    results.count("topupsCredited");
    PlatformApi.Reply retry = topUp(account, key, 1000);
    boolean replayed = retry.headers().firstValue("Idempotency-Replayed").map("true"::equalsIgnoreCase).orElse(false);
    if (retry.status() == 201 && replayed && sameId(first, retry)) {
      results.count("topupRetriesReplayed");
    } else {
      results.error("topup.retryNotReplayed", "status " + retry.status() + " replayed=" + replayed);
    }
    race(account, "lt-" + runTag + "-" + n + "-b");
  }

  private void race(String account, String key) {
    CompletableFuture<PlatformApi.Reply> a = CompletableFuture.supplyAsync(() -> topUp(account, key, 500), racers);
    CompletableFuture<PlatformApi.Reply> b = CompletableFuture.supplyAsync(() -> topUp(account, key, 500), racers);
    PlatformApi.Reply ra = a.join();
    PlatformApi.Reply rb = b.join();
    boolean oneConflict = (ra.status() == 201 && rb.status() == 409) || (ra.status() == 409 && rb.status() == 201);
    boolean bothSame = ra.status() == 201 && rb.status() == 201 && sameId(ra, rb);
    if (ra.status() == 429 || rb.status() == 429) {
      return;
    }
    if (oneConflict || bothSame) {
      results.count("topupRacesSingleCredit");
    } else {
      results.error("topup.race", "answers " + ra.status() + "/" + rb.status());
    }
  }

  private static boolean sameId(PlatformApi.Reply a, PlatformApi.Reply b) {
    String id = a.json().getString("id");
    return id != null && id.equals(b.json().getString("id"));
  }

  /**
   * Each of this run's keys must appear as exactly one top-up in its account's ledger: keys whose request was answered
   * 201 and are missing count as lost, keys credited more than once as duplicated. Prints the reconciliation.
   */
  private String checkLedgers(List<String> accounts) {
    LongAdder checked = new LongAdder();
    LongAdder found = new LongAdder();
    LongAdder notFound = new LongAdder();
    LongAdder duplicated = new LongAdder();
    boolean[] missingApi = {false};
    Paced.run(IntStream.range(0, accounts.size()).<Runnable>mapToObj(n -> () -> {
      PlatformApi.Reply ledger =
          api.get("/api/v1/accounts/" + PlatformApi.enc(accounts.get(n)) + "/ledger?limit=1000");
      if (ledger.status() == 404) {
        missingApi[0] = true;
        return;
      }
      if (!ledger.ok()) {
        results.error("topup.ledger.http" + ledger.status(), ledger.body());
        return;
      }
      List<String> refs = ledger.json().getJsonArray("items", new JsonArray()).stream()
          .map(JsonObject.class::cast).map(JsonObject::encode).toList();
      for (String suffix : List.of("a", "b")) {
        String ref = "ref-lt-" + runTag + "-" + n + "-" + suffix + "\"";
        long credits = refs.stream().filter(e -> e.contains(ref)).count();
        found.add(credits);
        if (credits == 0) {
          notFound.increment();
        } else if (credits > 1) {
          duplicated.add(credits - 1);
          results.error("topup.duplicated", accounts.get(n) + " credited " + ref + " " + credits + " times");
        }
      }
      checked.increment();
    }).toList(), 10_000, 16);
    if (missingApi[0]) {
      return "ledger not checked (GET .../ledger answered 404)";
    }
    // A key refused with 429 was never credited; every other missing key is a lost top-up.
    long acknowledged = results.counter("topupsCredited") + results.counter("topupRacesSingleCredit");
    long lost = Math.max(0, acknowledged - (found.sum() - duplicated.sum()));
    if (lost > 0) {
      results.error("topup.lost", lost + " acknowledged top-ups missing from the ledgers");
    }
    results.figure("topupReconciliation.ledgers", checked.sum());
    results.figure("topupReconciliation.acknowledged", acknowledged);
    results.figure("topupReconciliation.inLedgers", found.sum());
    results.figure("topupReconciliation.lost", lost);
    results.figure("topupReconciliation.duplicated", duplicated.sum());
    results.figure("topupReconciliation.rateLimited", results.counter("topupsRateLimited"));
    String line = String.format("reconciliation: %d ledgers, %d top-ups acknowledged, %d in ledgers, %d lost,"
        + " %d duplicated, %d answered 429 (not credited), %d keys absent", checked.sum(), acknowledged, found.sum(),
        lost, duplicated.sum(), results.counter("topupsRateLimited"), notFound.sum());
    System.out.println("[topups] " + line);
    return line;
  }

  private static Results.PhaseOutcome outcome(String status, String message, long start) {
    return new Results.PhaseOutcome("topups", status, message, (System.nanoTime() - start) / 1e9);
  }
}
