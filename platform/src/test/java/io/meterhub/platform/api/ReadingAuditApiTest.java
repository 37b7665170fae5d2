package io.meterhub.platform.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadingAuditApiTest {

  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
  static ApiFixture fx;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
    admin = fx.adminToken();
    JsonObject meter = new JsonObject().put("id", "r-1").put("model", "KPM31").put("region", "north/r")
        .put("security", new JsonObject().put("mode", "psk").put("identity", "r-1").put("key", "ab".repeat(32)));
    assertThat(fx.send("POST", "/api/v1/meters", admin, meter).status()).isEqualTo(201);
    List<IngestedReading> readings = new ArrayList<>();
    for (int i = 24; i >= 0; i--) {
      Instant at = T0.plusSeconds(900L * i);
      readings.add(new IngestedReading("r-1",
          new MeterReading(at, 1_000_000L + i, 230.0 + i / 10.0, 1.5, 0.3, 0.95, null, null, null), at));
    }
    fx.readings.insertBatch(readings);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void readingsArePagedOldestFirst() {
    List<String> times = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Response r = fx.get("/api/v1/meters/r-1/readings?limit=10" + (cursor == null ? "" : "&cursor=" + cursor), admin);
      assertThat(r.status()).isEqualTo(200);
      r.json().getJsonArray("items").forEach(o -> times.add(((JsonObject) o).getString("timestamp")));
      cursor = r.json().getString("next");
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(times).hasSize(25).isSorted();
    assertThat(times.get(0)).isEqualTo("2026-12-01T00:00:00Z");
    JsonObject first = fx.get("/api/v1/meters/r-1/readings?limit=1", admin).json().getJsonArray("items")
        .getJsonObject(0);
    assertThat(first.getDouble("activeEnergyKwh")).isEqualTo(1000.0);
    assertThat(first.fieldNames()).contains("timestamp", "activeEnergyKwh", "voltageV", "currentA", "activePowerKw",
        "powerFactor");
  }

  @Test
  void readingsFilterByTimeRange() {
    Response r = fx.get("/api/v1/meters/r-1/readings?from=2026-12-01T01:00:00Z&to=2026-12-01T02:00:00Z", admin);

    JsonArray items = r.json().getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("timestamp"))).containsExactly(
        "2026-12-01T01:00:00Z", "2026-12-01T01:15:00Z", "2026-12-01T01:30:00Z", "2026-12-01T01:45:00Z");
    assertThat(r.json().getString("next")).isNull();
  }

  @Test
  void badListParametersAreFieldErrors() {
    assertThat(fx.get("/api/v1/meters/r-1/readings?limit=1001", admin).status()).isEqualTo(400);
    assertThat(fx.get("/api/v1/meters/r-1/readings?limit=0", admin).status()).isEqualTo(400);
    assertThat(fx.get("/api/v1/meters/r-1/readings?limit=ten", admin).status()).isEqualTo(400);
    assertThat(fx.get("/api/v1/meters/r-1/readings?limit=1000", admin).status()).isEqualTo(200);
    Response time = fx.get("/api/v1/meters/r-1/readings?from=yesterday", admin);
    assertThat(time.status()).isEqualTo(400);
    assertThat(time.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("from");
    assertThat(fx.get("/api/v1/meters/r-1/readings?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", admin)
        .status()).isEqualTo(400);
    assertThat(fx.get("/api/v1/meters?limit=5000", admin).status()).isEqualTo(400);
    assertThat(fx.get("/api/v1/meters?cursor=%25%25not-a-cursor", admin).status()).isEqualTo(400);
  }

  @Test
  void cursorsTheStoresCannotReadAreFieldErrors() {
    String notBase64 = "%25%25not-a-cursor";
    String notATime = Base64.getUrlEncoder().withoutPadding().encodeToString("yesterday".getBytes(UTF_8));
    String notASeq = Base64.getUrlEncoder().withoutPadding().encodeToString("seven".getBytes(UTF_8));
    // A well-formed meter-list cursor whose inner store cursor is not base64: only the SQL store can tell.
    String badStorePart = Base64.getUrlEncoder().withoutPadding().encodeToString("0\n%%bad".getBytes(UTF_8));

    for (String path : List.of("/api/v1/meters/r-1/readings?cursor=" + notBase64,
        "/api/v1/meters/r-1/readings?cursor=" + notATime, "/api/v1/audit?cursor=" + notBase64,
        "/api/v1/audit?cursor=" + notASeq, "/api/v1/meters?cursor=" + badStorePart)) {
      Response r = fx.get(path, admin);
      assertThat(r.status()).as("%s: %s", path, r).isEqualTo(400);
      assertThat(r.header("Content-Type")).contains("application/problem+json");
      assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("cursor");
      assertThat(r.body()).doesNotContain("Exception");
    }
  }

  @Test
  void auditListsEveryChangeWithItsActorAndVerifies() {
    String auditor = fx.userWithRole("aud.itor", "auditor");
    fx.send("PATCH", "/api/v1/meters/r-1", admin, new JsonObject().put("region", "north/r2"));

    Response list = fx.get("/api/v1/audit?limit=1000", auditor);
    assertThat(list.status()).isEqualTo(200);
    JsonArray items = list.json().getJsonArray("items");
    assertThat(items.stream().map(o -> ((JsonObject) o).getString("action")))
        .contains("user.create", "meter.create", "meter.update");
    JsonObject create = items.stream().map(o -> (JsonObject) o)
        .filter(o -> o.getString("action").equals("meter.create")).findFirst().orElseThrow();
    assertThat(create.getString("actor")).isEqualTo("admin");
    assertThat(create.getString("target")).isEqualTo("r-1");
    assertThat(create.getJsonObject("details").getString("region")).isEqualTo("north/r");
    assertThat(create.fieldNames()).contains("seq", "at", "actor", "action", "target", "details", "hash", "prevHash");
    assertThat(list.body()).doesNotContain("ab".repeat(32));

    Response byActor = fx.get("/api/v1/audit?actor=system:bootstrap", auditor);
    assertThat(byActor.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("target")))
        .containsExactly("admin");

    Response paged = fx.get("/api/v1/audit?limit=1", auditor);
    assertThat(paged.json().getJsonArray("items")).hasSize(1);
    assertThat(paged.json().getString("next")).isNotNull();

    JsonObject verify = fx.get("/api/v1/audit/verify", auditor).json();
    assertThat(verify.getBoolean("valid")).isTrue();
    assertThat(verify.getLong("entries")).isEqualTo(fx.auditEntries().size());
    assertThat(verify.getString("head")).hasSize(64);
  }

  @Test
  void auditVerifyReportsTampering() throws Exception {
    try (ApiFixture other = new ApiFixture()) {
      String token = other.adminToken();
      other.send("POST", "/api/v1/users", token, new JsonObject().put("username", "someone")
          .put("password", "long enough password").put("roles", new JsonArray().add("support")));
      other.audit.chainQueued(); // as the node's chainer does within a fraction of a second
      // An attacker with database access rewrites the first entry without being able to fix its hash.
      assertThat(other.stores.sql("UPDATE audit_log SET action = 'user.delete' WHERE seq = 1")).isEqualTo(1);

      JsonObject verify = other.get("/api/v1/audit/verify", token).json();

      assertThat(verify.getBoolean("valid")).isFalse();
      assertThat(verify.getLong("firstBadSeq")).isEqualTo(1L);
    }
  }
}
