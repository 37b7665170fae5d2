package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterEventRecord;
import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Event, alarm, outage and webhook routes over real HTTP; the event feature on real H2. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EventApiTest {

  private static final Instant T0 = Instant.parse("2026-12-04T19:30:00Z");
  static ApiFixture fx;
  static String admin;
  static String operator;
  static String support;
  static String payments;

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
    admin = fx.adminToken();
    operator = fx.userWithRole("ev-operator", "operator");
    support = fx.userWithRole("ev-support", "support");
    payments = fx.userWithRole("ev-payments", "payments");
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  static void meter(String id, String region) {
    fx.meters.insert(new Meter(id, "KPM31", region, MeterSecurity.psk("psk-" + id, "00".repeat(16)), T0, T0));
  }

  static void ingest(String meterId, EventCode code, long seq, Instant at) throws InterruptedException {
    fx.events.sink().accept(meterId, List.of(new MeterEventRecord(code.code(), code, at, seq, 230.5, 1)), T0);
    assertThat(fx.events.ingestor().awaitIdle(Duration.ofSeconds(60))).isTrue();
  }

  @Test
  void eventsOfAMeterAndOfTheFleetAreListedWithFilters() throws Exception {
    meter("ev-a", "north/feeder-07/tx-1");
    meter("ev-b", "south/feeder-02/tx-1");
    ingest("ev-a", EventCode.VOLTAGE_LOSS_L1, 1, T0);
    ingest("ev-a", EventCode.RELAY_CLOSED, 2, T0.plusSeconds(10));
    ingest("ev-b", EventCode.RELAY_CLOSED, 1, T0.plusSeconds(20));

    Response own = fx.get("/api/v1/meters/ev-a/events", support);
    assertThat(own.status()).isEqualTo(200);
    JsonArray items = own.json().getJsonArray("items");
    assertThat(items).hasSize(2);
    JsonObject newest = items.getJsonObject(0);
    assertThat(newest.getString("type")).isEqualTo("relay_closed");
    assertThat(newest.fieldNames()).contains("id", "meterId", "type", "severity", "occurredAt", "receivedAt",
        "details");
    assertThat(items.getJsonObject(1).getString("severity")).isEqualTo("critical");
    assertThat(items.getJsonObject(1).getDouble("value")).isEqualTo(230.5);

    assertThat(fx.get("/api/v1/meters/ev-a/events?type=voltage_loss_l1", admin).json().getJsonArray("items"))
        .hasSize(1);
    assertThat(fx.get("/api/v1/meters/ev-a/events?from=2026-12-04T19:30:05Z", admin).json()
        .getJsonArray("items")).hasSize(1);
    JsonObject fleet = fx.get("/api/v1/events?region=south&type=relay_closed&limit=1", fx.userWithRole(
        "ev-auditor", "auditor")).json();
    assertThat(fleet.getJsonArray("items")).hasSize(1);
    assertThat(fleet.getJsonArray("items").getJsonObject(0).getString("meterId")).isEqualTo("ev-b");

    assertProblem(fx.get("/api/v1/events?type=no_such_type", admin), 400);
    assertProblem(fx.get("/api/v1/events?from=yesterday", admin), 400);
    assertProblem(fx.get("/api/v1/events?cursor=bm90LWEtbnVtYmVy", admin), 400);
    assertProblem(fx.get("/api/v1/events?limit=5000", admin), 400);
    assertProblem(fx.get("/api/v1/events", payments), 403);
    assertProblem(fx.get("/api/v1/events", null), 401);
  }

  @Test
  void alarmIsAcknowledgedWithANoteAndAudited() throws Exception {
    meter("al-1", "west/feeder-03/tx-1");
    ingest("al-1", EventCode.TERMINAL_COVER_OPENED, 1, T0);

    JsonArray open = fx.get("/api/v1/alarms?state=open&region=west/feeder-03", support).json().getJsonArray("items");
    assertThat(open).hasSize(1);
    JsonObject alarm = open.getJsonObject(0);
    assertThat(alarm.getString("type")).isEqualTo("tamper");
    assertThat(alarm.getString("severity")).isEqualTo("critical");
    String path = "/api/v1/alarms/" + alarm.getString("id") + "/ack";

    assertProblem(fx.send("POST", path, operator, new JsonObject()), 400);
    assertProblem(fx.send("POST", path, operator, new JsonObject().put("note", "")), 400);
    assertProblem(fx.send("POST", path, operator, new JsonObject().put("note", 5)), 400);
    assertProblem(fx.send("POST", path, operator, new JsonObject().put("note", "x").put("extra", 1)), 400);
    assertProblem(fx.send("POST", path, support, new JsonObject().put("note", "looked")), 403);
    assertProblem(fx.call("POST", path, operator, "text/plain", "{\"note\":\"x\"}"), 415);
    assertProblem(fx.call("POST", path, operator, "application/json", "{\"note\":"), 400);

    Response acked = fx.send("POST", path, operator, new JsonObject().put("note", "crew dispatched"));
    assertThat(acked.status()).isEqualTo(200);
    assertThat(acked.json().getString("state")).isEqualTo("acknowledged");
    assertThat(acked.json().getString("acknowledgedBy")).isEqualTo("ev-operator");
    assertThat(acked.json().getString("note")).isEqualTo("crew dispatched");
    assertThat(fx.auditEntries()).filteredOn(e -> e.action().equals("alarm.acknowledge"))
        .extracting(AuditEntry::actor, AuditEntry::target)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ev-operator", "alarm:" + alarm.getString("id")));
    assertProblem(fx.send("POST", path, operator, new JsonObject().put("note", "again")), 409);
    assertProblem(fx.send("POST", "/api/v1/alarms/999999/ack", operator, new JsonObject().put("note", "x")), 404);
    assertProblem(fx.send("POST", "/api/v1/alarms/abc/ack", operator, new JsonObject().put("note", "x")), 404);
    assertThat(fx.get("/api/v1/alarms/" + alarm.getString("id"), admin).json().getString("state"))
        .isEqualTo("acknowledged");
    assertProblem(fx.get("/api/v1/alarms?state=bogus", admin), 400);
    assertProblem(fx.get("/api/v1/alarms", payments), 403);
  }

  @Test
  void outagesAreListed() {
    Response r = fx.get("/api/v1/outages?state=open", operator);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().getJsonArray("items")).isEmpty();
    assertThat(r.json().containsKey("next")).isTrue();
    assertProblem(fx.get("/api/v1/outages?state=closed", operator), 400);
    assertProblem(fx.get("/api/v1/outages", payments), 403);
  }

  @Test
  void webhooksAreAdminOnlyHttpOnlyAndNeverShowTheSecret() {
    String secret = "a-webhook-secret-0123456789";
    JsonObject good = new JsonObject().put("url", "https://example.org/hooks/meterhub")
        .put("eventTypes", new JsonArray().add("power_failure").add("alarm")).put("secret", secret);

    assertProblem(fx.send("POST", "/api/v1/webhooks", operator, good), 403);
    assertProblem(fx.get("/api/v1/webhooks", support), 403);
    assertProblem(fx.send("POST", "/api/v1/webhooks", admin, good.copy().put("url", "ftp://example.org/x")), 400);
    assertProblem(fx.send("POST", "/api/v1/webhooks", admin, good.copy().put("url", "javascript:alert(1)")), 400);
    assertProblem(fx.send("POST", "/api/v1/webhooks", admin, good.copy().put("eventTypes", new JsonArray())), 400);
    assertProblem(fx.send("POST", "/api/v1/webhooks", admin, good.copy().put("eventTypes", "power_failure")), 400);
    assertProblem(fx.send("POST", "/api/v1/webhooks", admin, good.copy().put("secret", "short")), 400);
    JsonObject noSecret = good.copy();
    noSecret.remove("secret");
    assertProblem(fx.send("POST", "/api/v1/webhooks", admin, noSecret), 400);
    assertProblem(fx.call("POST", "/api/v1/webhooks", admin, "application/json",
        "{\"url\":\"https://x.org\",\"eventTypes\":[\"*\"],\"secret\":\"" + "s".repeat(70 * 1024) + "\"}"), 413);

    Response created = fx.send("POST", "/api/v1/webhooks", admin, good);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.body()).doesNotContain(secret);
    String id = created.json().getString("id");
    Response list = fx.get("/api/v1/webhooks", admin);
    assertThat(list.body()).contains(id).doesNotContain(secret);
    assertThat(fx.get("/api/v1/webhooks/" + id + "/deliveries", admin).json().getJsonArray("items")).isEmpty();
    assertThat(fx.auditEntries()).extracting(AuditEntry::action).contains("webhook.create");
    assertThat(fx.auditEntries()).allSatisfy(e -> assertThat(String.valueOf(e.details())).doesNotContain(secret));

    assertProblem(fx.call("DELETE", "/api/v1/webhooks/" + id, operator, null, null), 403);
    assertThat(fx.call("DELETE", "/api/v1/webhooks/" + id, admin, null, null).status()).isEqualTo(204);
    assertProblem(fx.call("DELETE", "/api/v1/webhooks/" + id, admin, null, null), 404);
    assertProblem(fx.get("/api/v1/webhooks/" + id + "/deliveries", admin), 404);
  }

  static void assertProblem(Response r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(r.json().getInteger("status")).isEqualTo(status);
  }
}
