package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.prepay.CreditPolicy;
import io.meterhub.platform.prepay.LatestDisplayPublisher;
import io.meterhub.platform.prepay.PrepayConfig;
import io.meterhub.platform.prepay.PrepayService;
import io.meterhub.platform.prepay.RecordingSupplyControl;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Prepayment over HTTP: the api-v1 top-up contract, roles, tariffs, accounts, ledger, reversal, reconciliation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class TopUpApiContractTest {

  private TestDatabase target;
  private Database db;
  private PrepayService prepay;
  private ChainedAuditLog prepayAudit;
  private ApiFixture fx;
  private String admin;
  private String payments;
  private String auditor;
  private String operator;
  private String support;

  protected abstract TestDatabase createTarget();

  @BeforeAll
  void start() throws Exception {
    target = createTarget();
    db = target.open();
    fx = new ApiFixture(ApiConfig.defaults().withHostPort("127.0.0.1", 0)
        .withAdminPassword(Optional.of(ApiFixture.ADMIN_PASSWORD)), (audit, meters) -> {
          // Prepayment appends its audit entries inside its money transactions: its audit log lives in its database.
          prepayAudit = new ChainedAuditLog(db, Clock.systemUTC());
          prepay = new PrepayService(db, prepayAudit, new RecordingSupplyControl(), new LatestDisplayPublisher(),
              new PrepayConfig(100_000, 1_000_000, Duration.ofHours(24), Duration.ofMinutes(2),
                  CreditPolicy.defaults()), Clock.systemUTC(), id -> meters.find(id).isPresent());
          return prepay;
        });
    admin = fx.adminToken();
    payments = fx.userWithRole("pay", "payments");
    auditor = fx.userWithRole("aud", "auditor");
    operator = fx.userWithRole("op", "operator");
    support = fx.userWithRole("sup", "support");
    Response tariff = fx.send("POST", "/api/v1/tariffs", operator, new JsonObject().put("id", "flat-1")
        .put("currency", "CNY").put("type", "flat").put("pricePerKwh", "1.0000"));
    assertThat(tariff.status()).as(tariff.toString()).isEqualTo(201);
  }

  @AfterAll
  void stop() throws Exception {
    if (fx != null) {
      fx.close();
    }
    if (db != null) {
      db.close();
    }
    if (target != null) {
      target.close();
    }
  }

  private String newAccount() {
    String meterId = "urn:imei:" + (100_000_000_000_000L + (long) (Math.random() * 1e14));
    Response meter = fx.send("POST", "/api/v1/meters", admin, new JsonObject().put("id", meterId)
        .put("model", "KPM31").put("region", "north").put("security", new JsonObject().put("mode", "psk")
            .put("identity", meterId.substring(9)).put("key", "000102030405060708090a0b0c0d0e0f")));
    assertThat(meter.status()).as(meter.toString()).isEqualTo(201);
    Response account = fx.send("POST", "/api/v1/accounts", operator, new JsonObject().put("meterId", meterId)
        .put("tariffId", "flat-1").put("currency", "CNY").put("policy", new JsonObject().put("emergencyCredit", 500)));
    assertThat(account.status()).as(account.toString()).isEqualTo(201);
    return account.json().getString("id");
  }

  private Response topUp(String token, String accountId, String key, JsonObject body) {
    return fx.call("POST", "/api/v1/accounts/" + accountId + "/topups", token,
        key == null ? Map.of() : Map.of("Idempotency-Key", key), "application/json", body.encode());
  }

  private static JsonObject pay(long amount) {
    return new JsonObject().put("amount", amount).put("currency", "CNY").put("reference", "pay-2026-000123");
  }

  private long balance(String accountId) {
    return fx.get("/api/v1/accounts/" + accountId, payments).json().getLong("balance");
  }

  @Test
  void flatTariffFormIsServedBackAsPosted() {
    Response r = fx.get("/api/v1/tariffs/flat-1", payments);
    assertThat(r.status()).isEqualTo(200);
    JsonObject current = r.json().getJsonObject("current");
    assertThat(current.getString("pricePerKwh")).isEqualTo("1.0000");
    assertThat(current.getString("type")).isEqualTo("flat");
    assertThat(fx.get("/api/v1/tariffs/flat-1", support).status()).isEqualTo(403);
    assertThat(fx.get("/api/v1/tariffs/nope", admin).status()).isEqualTo(404);
    assertThat(fx.get("/api/v1/tariffs", auditor).json().getJsonArray("items")).isNotEmpty();
    Response dup = fx.send("POST", "/api/v1/tariffs", admin, new JsonObject().put("id", "flat-1")
        .put("currency", "CNY").put("type", "flat").put("pricePerKwh", "2"));
    assertThat(dup.status()).isEqualTo(409);
    Response bad = fx.send("POST", "/api/v1/tariffs", admin, new JsonObject().put("id", "bad")
        .put("currency", "XYZ").put("type", "flat").put("pricePerKwh", "1.1234567"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")).toList())
        .contains("currency", "pricePerKwh");
    assertThat(fx.send("POST", "/api/v1/tariffs", payments, new JsonObject().put("id", "x")).status()).isEqualTo(403);
  }

  @Test
  void accountsAreOnePerMeterAndReadableByPayments() {
    String id = newAccount();
    Response got = fx.get("/api/v1/accounts/" + id, payments);
    assertThat(got.status()).isEqualTo(200);
    JsonObject account = got.json();
    assertThat(account.getLong("balance")).isZero();
    assertThat(account.getString("creditState")).isEqualTo("low");
    assertThat(account.getString("currency")).isEqualTo("CNY");
    String meterId = account.getString("meterId");

    Response second = fx.send("POST", "/api/v1/accounts", admin, new JsonObject().put("meterId", meterId)
        .put("tariffId", "flat-1").put("currency", "CNY"));
    assertThat(second.status()).isEqualTo(409);
    Response list = fx.get("/api/v1/accounts?meterId=" + meterId, support);
    assertThat(list.json().getJsonArray("items")).hasSize(1);
    Response unknownMeter = fx.send("POST", "/api/v1/accounts", admin, new JsonObject().put("meterId", "ghost")
        .put("tariffId", "flat-1").put("currency", "CNY"));
    assertThat(unknownMeter.status()).isEqualTo(400);
    Response badPolicy = fx.send("POST", "/api/v1/accounts", admin, new JsonObject().put("meterId", meterId)
        .put("tariffId", "flat-1").put("currency", "CNY").put("policy", new JsonObject().put("emergencyCredit", -1)));
    assertThat(badPolicy.status()).isEqualTo(400);
    assertThat(fx.send("POST", "/api/v1/accounts", payments, new JsonObject()).status()).isEqualTo(403);
    assertThat(fx.get("/api/v1/accounts/nope", admin).status()).isEqualTo(404);
  }

  @Test
  void accountsFilterByCreditState() {
    String low = newAccount();
    String ok = newAccount();
    assertThat(topUp(payments, ok, "filter-" + ok, pay(100_000)).status()).isEqualTo(201);

    List<String> lowAccounts = ids(fx.get("/api/v1/accounts?limit=1000&creditState=low", payments));
    assertThat(lowAccounts).contains(low).doesNotContain(ok);
    assertThat(ids(fx.get("/api/v1/accounts?limit=1000&creditState=ok", payments))).contains(ok).doesNotContain(low);
    Response bad = fx.get("/api/v1/accounts?creditState=broke", payments);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("creditState");
    assertThat(fx.get("/api/v1/meters?creditState=broke", admin).status()).isEqualTo(400);
    assertThat(fx.get("/api/v1/meters?relay=tripped", admin).status()).isEqualTo(400);
  }

  private static List<String> ids(Response page) {
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    return page.json().getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("id")).toList();
  }

  @Test
  void topUpIsCreditedOnceAndTheSameKeyIsReplayedWithTheHeader() {
    String id = newAccount();
    String key = UUID.randomUUID().toString();

    Response first = topUp(payments, id, key, pay(5000));
    assertThat(first.status()).as(first.toString()).isEqualTo(201);
    JsonObject receipt = first.json();
    assertThat(receipt.getString("receiptNo")).isNotBlank();
    assertThat(receipt.getString("accountId")).isEqualTo(id);
    assertThat(receipt.getLong("amount")).isEqualTo(5000);
    assertThat(receipt.getString("currency")).isEqualTo("CNY");
    assertThat(receipt.getString("reference")).isEqualTo("pay-2026-000123");
    assertThat(receipt.getLong("balanceAfter")).isEqualTo(5000);
    assertThat(receipt.getString("createdAt")).isNotBlank();
    assertThat(first.header("Idempotency-Replayed")).isEmpty();

    Response again = topUp(payments, id, key, pay(5000));
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.header("Idempotency-Replayed")).contains("true");
    assertThat(again.json()).isEqualTo(receipt);

    Response other = topUp(payments, id, key, pay(5001));
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    assertThat(balance(id)).isEqualTo(5000);
    List<AuditEntry> audits = prepayAudit.list(new AuditQuery("pay", "prepay.topup", null, null, 100, null)).items();
    assertThat(audits).filteredOn(e -> id.equals(e.target())).hasSize(1);
  }

  @Test
  void invalidTopUpsAreRefusedWith400AndRolesAreChecked() {
    String id = newAccount();
    assertThat(topUp(payments, id, null, pay(100)).status()).isEqualTo(400);
    assertThat(topUp(payments, id, "", pay(100)).status()).isEqualTo(400);
    for (Object amount : new Object[] {0, -5, 50.5, "100", 100_001}) {
      JsonObject body = pay(1).put("amount", amount);
      assertThat(topUp(payments, id, UUID.randomUUID().toString(), body).status()).as("amount %s", amount)
          .isEqualTo(400);
    }
    assertThat(topUp(payments, id, "k-eur", pay(100).put("currency", "EUR")).status()).isEqualTo(400);
    assertThat(topUp(payments, id, "k-extra", pay(100).put("tip", 1)).status()).isEqualTo(400);
    assertThat(topUp(payments, id, "k-nocur", new JsonObject().put("amount", 100)).status()).isEqualTo(400);
    assertThat(topUp(auditor, id, "k-aud", pay(100)).status()).isEqualTo(403);
    assertThat(topUp(operator, id, "k-op", pay(100)).status()).isEqualTo(403);
    assertThat(topUp(null, id, "k-anon", pay(100)).status()).isEqualTo(401);
    assertThat(topUp(payments, "nope", "k-404", pay(100)).status()).isEqualTo(404);
    assertThat(topUp(admin, id, "k-admin", pay(100)).status()).isEqualTo(201);
    // The key of a refused request (EUR) is free again for the corrected payment.
    assertThat(topUp(payments, id, "k-eur", pay(100)).status()).isEqualTo(201);
    assertThat(balance(id)).isEqualTo(200);
  }

  @Test
  void twoSimultaneousRequestsWithOneKeyCreditOnce() throws Exception {
    String id = newAccount();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 10; round++) {
        String key = "sim-" + round + "-" + UUID.randomUUID();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          answers.add(pool.submit(() -> {
            go.await();
            return topUp(payments, id, key, pay(100));
          }));
        }
        go.countDown();
        List<Response> responses = new ArrayList<>();
        for (Future<Response> f : answers) {
          responses.add(f.get(60, TimeUnit.SECONDS));
        }
        long fresh = responses.stream()
            .filter(r -> r.status() == 201 && r.header("Idempotency-Replayed").isEmpty()).count();
        assertThat(fresh).as("round %d: %s", round, responses).isEqualTo(1);
        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(balance(id)).isEqualTo(1000);
  }

  @Test
  void failureAfterCommitIsRecoveredByTheRetryWithTheOriginalReceipt() {
    String id = newAccount();
    String key = UUID.randomUUID().toString();
    prepay.afterTopUpCommit(() -> {
      throw new IllegalStateException("simulated crash between commit and response");
    });
    Response crashed;
    try {
      crashed = topUp(payments, id, key, pay(2500));
    } finally {
      prepay.afterTopUpCommit(() -> {});
    }
    assertThat(crashed.status()).isEqualTo(500);

    Response retry = topUp(payments, id, key, pay(2500));

    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.header("Idempotency-Replayed")).contains("true");
    assertThat(retry.json().getLong("amount")).isEqualTo(2500);
    assertThat(balance(id)).isEqualTo(2500);
    assertThat(fx.get("/api/v1/accounts/" + id + "/ledger", admin).json().getJsonArray("items")).hasSize(1);
  }

  @Test
  void ledgerPagesAndReversalCompensatesOnce() {
    String id = newAccount();
    List<String> topUps = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      topUps.add(topUp(payments, id, UUID.randomUUID().toString(), pay(100L * i)).json().getString("id"));
    }
    Response page1 = fx.get("/api/v1/accounts/" + id + "/ledger?limit=2", support);
    assertThat(page1.status()).isEqualTo(200);
    JsonArray items = page1.json().getJsonArray("items");
    assertThat(items).hasSize(2);
    assertThat(items.getJsonObject(1).getLong("balanceAfter")).isEqualTo(300);
    Response page2 = fx.get("/api/v1/accounts/" + id + "/ledger?limit=2&cursor=" + page1.json().getString("next"),
        auditor);
    assertThat(page2.json().getJsonArray("items")).hasSize(1);
    assertThat(page2.json().getValue("next")).isNull();
    assertThat(fx.get("/api/v1/accounts/" + id + "/ledger", payments).status()).isEqualTo(403);
    assertThat(fx.get("/api/v1/accounts/" + id + "/ledger?cursor=%25%25", admin).status()).isEqualTo(400);

    String path = "/api/v1/topups/" + topUps.get(1) + "/reversal";
    JsonObject reason = new JsonObject().put("reason", "chargeback");
    assertThat(fx.send("POST", path, operator, reason).status()).isEqualTo(403);
    Response reversal = fx.send("POST", path, admin, reason);
    assertThat(reversal.status()).as(reversal.toString()).isEqualTo(201);
    assertThat(reversal.json().getLong("amount")).isEqualTo(-200);
    assertThat(reversal.json().getString("type")).isEqualTo("reversal");
    assertThat(fx.send("POST", path, admin, reason).status()).isEqualTo(409);
    assertThat(fx.send("POST", "/api/v1/topups/nope/reversal", admin, reason).status()).isEqualTo(404);
    assertThat(balance(id)).isEqualTo(400);
  }

  @Test
  void adminAdjustmentsAreLedgerEntriesAndKeepTheBooksBalanced() {
    String id = newAccount();
    topUp(payments, id, UUID.randomUUID().toString(), pay(500));
    String path = "/api/v1/accounts/" + id + "/adjustments";

    Response credit = fx.send("POST", path, admin, new JsonObject().put("amount", 120).put("reason", "meter fault"));
    Response debit = fx.send("POST", path, admin, new JsonObject().put("amount", -20).put("reason", "duplicate credit"));

    assertThat(credit.status()).as(credit.toString()).isEqualTo(201);
    assertThat(credit.json().getString("type")).isEqualTo("adjustment");
    assertThat(debit.json().getLong("balanceAfter")).isEqualTo(600);
    assertThat(balance(id)).isEqualTo(600);
    assertThat(prepayAudit.list(new AuditQuery(null, "prepay.adjust", null, null, 100, null)).items()).hasSize(2)
        .allSatisfy(e -> assertThat(e.actor()).isEqualTo("admin"));
    assertThat(fx.send("POST", path, operator, new JsonObject().put("amount", 5).put("reason", "x")).status())
        .isEqualTo(403);
    assertThat(fx.send("POST", path, admin, new JsonObject().put("amount", 0).put("reason", "x")).status())
        .isEqualTo(400);
    assertThat(fx.send("POST", path, admin, new JsonObject().put("amount", 5)).status()).isEqualTo(400);
    assertThat(fx.send("POST", path, admin, new JsonObject().put("amount", 1.5).put("reason", "x")).status())
        .isEqualTo(400);
    assertThat(fx.send("POST", "/api/v1/accounts/nope/adjustments", admin,
        new JsonObject().put("amount", 5).put("reason", "x")).status()).isEqualTo(404);
    String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    assertThat(fx.get("/api/v1/reconciliation?day=" + day, admin).json().getBoolean("balanced")).isTrue();
  }

  @Test
  void reconciliationIsForAdminAndAuditor() {
    String id = newAccount();
    topUp(payments, id, UUID.randomUUID().toString(), pay(700));
    String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    Response r = fx.get("/api/v1/reconciliation?day=" + day, auditor);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getBoolean("balanced")).isTrue();
    assertThat(r.json().getJsonArray("channels").stream().map(c -> ((JsonObject) c).getString("channel")).toList())
        .contains("pay");
    assertThat(fx.get("/api/v1/reconciliation?day=" + day, payments).status()).isEqualTo(403);
    assertThat(fx.get("/api/v1/reconciliation", admin).status()).isEqualTo(400);
    assertThat(fx.get("/api/v1/reconciliation?day=yesterday", admin).status()).isEqualTo(400);
  }
}
