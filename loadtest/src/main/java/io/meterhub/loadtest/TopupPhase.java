package io.meterhub.loadtest;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Concurrent top-ups through the API (api-v1.md, "Prepayment"): one account per meter on a flat tariff, then per
 * account a top-up, a deliberate retry with the same key (must be replayed, not credited), and two identical requests
 * racing with one new key (one credit only). The ledger is read back to check that each key credited exactly once.
 */
final class TopupPhase {

  private static final String TARIFF = "loadtest-flat";

  private final PlatformApi api;
  private final Results results;
  private final String runTag;

  /** @param runTag makes this run's idempotency keys and references unique */
  TopupPhase(PlatformApi api, Results results, String runTag) {
    this.api = Objects.requireNonNull(api, "api");
    this.results = Objects.requireNonNull(results, "results");
    this.runTag = Objects.requireNonNull(runTag, "runTag");
  }

  Results.PhaseOutcome run(List<SimMeter> meters, int count) {
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
    List<String> accounts = new ArrayList<>();
    for (SimMeter meter : meters.subList(0, Math.min(count, meters.size()))) {
      account(meter.identity().id()).ifPresent(accounts::add);
    }
    if (accounts.isEmpty()) {
      return outcome("skipped", "no account could be created (POST /api/v1/accounts)", start);
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<CompletableFuture<Void>> work = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      String account = accounts.get(i);
      int n = i;
      work.add(CompletableFuture.runAsync(() -> topUps(account, n), pool));
    }
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
    pool.shutdown();
    String ledger = checkLedgers(accounts);
    return outcome("done", accounts.size() + " accounts topped up with retries and races; " + ledger, start);
  }

  private Optional<String> account(String meterId) {
    PlatformApi.Reply created =
        api.post(
            "/api/v1/accounts",
            new JsonObject().put("meterId", meterId).put("tariffId", TARIFF).put("currency", "CNY"));
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
    return api.call(
        "POST",
        "/api/v1/accounts/" + PlatformApi.enc(account) + "/topups",
        new JsonObject().put("amount", amount).put("currency", "CNY").put("reference", "ref-" + key),
        Map.of("Idempotency-Key", key));
  }

  private void topUps(String account, int n) {
    String key = "lt-" + runTag + "-" + n + "-a";
    long t0 = System.nanoTime();
    PlatformApi.Reply first = topUp(account, key, 1000);
    results.latency("topup", Duration.ofNanos(System.nanoTime() - t0));
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
    CompletableFuture<PlatformApi.Reply> a = CompletableFuture.supplyAsync(() -> topUp(account, key, 500));
    CompletableFuture<PlatformApi.Reply> b = CompletableFuture.supplyAsync(() -> topUp(account, key, 500));
    PlatformApi.Reply ra = a.join();
    PlatformApi.Reply rb = b.join();
    boolean oneConflict = (ra.status() == 201 && rb.status() == 409) || (ra.status() == 409 && rb.status() == 201);
    boolean bothSame = ra.status() == 201 && rb.status() == 201 && sameId(ra, rb);
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

  /** Each of this run's keys must appear as exactly one top-up in its account's ledger. */
  private String checkLedgers(List<String> accounts) {
    int checked = 0;
    for (int n = 0; n < accounts.size(); n++) {
      PlatformApi.Reply ledger =
          api.get("/api/v1/accounts/" + PlatformApi.enc(accounts.get(n)) + "/ledger?limit=1000");
      if (ledger.status() == 404) {
        return "ledger not checked (GET .../ledger answered 404)";
      }
      if (!ledger.ok()) {
        results.error("topup.ledger.http" + ledger.status(), ledger.body());
        continue;
      }
      String prefix = "ref-lt-" + runTag + "-" + n + "-";
      long credits = ledger.json().getJsonArray("items", new JsonArray()).stream()
          .map(JsonObject.class::cast)
          .filter(e -> e.encode().contains(prefix))
          .count();
      if (credits != 2) {
        results.error("topup.ledgerCredits", accounts.get(n) + " has " + credits + " credits for 2 keys");
      }
      checked++;
    }
    return checked + " ledgers checked";
  }

  private static Results.PhaseOutcome outcome(String status, String message, long start) {
    return new Results.PhaseOutcome("topups", status, message, (System.nanoTime() - start) / 1e9);
  }
}
