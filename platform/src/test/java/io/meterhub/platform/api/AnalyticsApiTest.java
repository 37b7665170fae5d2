package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Analytics over HTTP: roles, parameter errors, suppression as clients see it, audit of every query. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AnalyticsApiTest {

  static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
  static final String LOAD = "/api/v1/analytics/load?from=2026-11-02T00:00:00Z&to=2026-11-02T04:00:00Z";
  static final String QUALITY = "/api/v1/analytics/quality?from=2026-11-02T00:00:00Z&to=2026-11-02T04:00:00Z";

  static ApiFixture fx;
  static final Map<String, String> tokens = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
    tokens.put("admin", fx.adminToken());
    for (String role : List.of("operator", "payments", "auditor", "support")) {
      tokens.put(role, fx.userWithRole("an-" + role, role));
    }
    fleet("big/a", 15);
    fleet("tiny/a", 3);
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  /** Meters reading every 15 minutes, 100 Wh per quarter hour, from 00:00 to 04:00. */
  static void fleet(String region, int count) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    List<IngestedReading> readings = new ArrayList<>();
    for (int m = 0; m < count; m++) {
      String id = region.replace('/', '-') + "-" + m;
      fx.meters.insert(new Meter(id, "KPM31", region, MeterSecurity.psk(id, "00".repeat(16)), created, created));
      for (int q = 0; q <= 16; q++) {
        Instant t = T0.plus(Duration.ofMinutes(15L * q));
        readings.add(new IngestedReading(id, new MeterReading(t, 9_000_000L + 100L * q, 231.0, null, 0.4, null, null,
            null, null), t));
      }
    }
    fx.readings.insertBatch(readings);
  }

  static JsonObject group(JsonObject body, String name) {
    return body.getJsonArray("groups").stream().map(JsonObject.class::cast)
        .filter(g -> g.getString("group").equals(name)).findFirst().orElseThrow();
  }

  static List<String> errorFields(Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    JsonArray errors = r.json().getJsonArray("errors");
    return errors.stream().map(e -> ((JsonObject) e).getString("field")).toList();
  }

  @Test
  void eachRoleReachesExactlyItsAnalyticsRoutes() {
    Map<String, String> probes = Map.of(
        "load", LOAD + "&interval=PT1H",
        "quality", QUALITY,
        "report", "/api/v1/meters/big-a-0/energy-report?month=2026-11");
    Map<String, List<String>> allowed = Map.of(
        "admin", List.of("load", "quality", "report"),
        "operator", List.of("load", "quality", "report"),
        "auditor", List.of("load", "quality"),
        "support", List.of("report"),
        "payments", List.of());
    for (Map.Entry<String, String> role : tokens.entrySet()) {
      for (Map.Entry<String, String> probe : probes.entrySet()) {
        Response r = fx.get(probe.getValue(), role.getValue());
        if (allowed.get(role.getKey()).contains(probe.getKey())) {
          assertThat(r.status()).as("%s on %s: %s", role.getKey(), probe.getKey(), r).isEqualTo(200);
        } else {
          assertThat(r.status()).as("%s on %s: %s", role.getKey(), probe.getKey(), r).isEqualTo(403);
          assertThat(r.header("Content-Type")).contains("application/problem+json");
        }
      }
      assertThat(fx.get(probes.get("load"), null).status()).isEqualTo(401);
    }
  }

  @Test
  void loadCurvesComeInKwhAndSmallGroupsOnlyAsSuppressedWithAReason() {
    Response r = fx.get(LOAD + "&interval=PT1H&groupBy=region", tokens.get("operator"));

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject big = group(r.json(), "big/a");
    assertThat(big.getBoolean("suppressed")).isFalse();
    assertThat(big.getInteger("meters")).isEqualTo(15);
    assertThat(big.getDouble("energyKwh")).isEqualTo(24.0);
    JsonArray intervals = big.getJsonArray("intervals");
    assertThat(intervals).hasSize(4);
    JsonObject first = intervals.getJsonObject(0);
    assertThat(first.getString("start")).isEqualTo("2026-11-02T00:00:00Z");
    assertThat(first.getDouble("energyKwh")).isEqualTo(6.0);
    assertThat(first.getDouble("peakDemandKw")).isEqualTo(6.0);
    assertThat(first.getDouble("averageDemandKw")).isEqualTo(6.0);
    assertThat(first.getInteger("meters")).isEqualTo(15);
    JsonObject tiny = group(r.json(), "tiny/a");
    assertThat(tiny.fieldNames()).containsExactlyInAnyOrder("group", "suppressed", "reason");
    assertThat(tiny.getBoolean("suppressed")).isTrue();
    assertThat(tiny.getString("reason")).contains("fewer than 15 meters");
    assertThat(r.json().getJsonObject("privacy").getInteger("minGroupMeters")).isEqualTo(15);

    Response byArea = fx.get(LOAD + "&interval=PT2H&groupBy=region:1&regionPrefix=big", tokens.get("auditor"));
    assertThat(byArea.json().getJsonArray("groups")).hasSize(1);
    assertThat(group(byArea.json(), "big").getJsonArray("intervals").getJsonObject(1).getDouble("energyKwh"))
        .isEqualTo(12.0);
  }

  @Test
  void everyAnalyticsQueryIsAuditedWithActorAndParameters() {
    assertThat(fx.get(LOAD + "&interval=PT15M&regionPrefix=big", tokens.get("auditor")).status()).isEqualTo(200);
    assertThat(fx.get(QUALITY + "&groupBy=region:1", tokens.get("operator")).status()).isEqualTo(200);
    assertThat(fx.get("/api/v1/meters/tiny-a-1/energy-report?month=2026-11", tokens.get("support")).status())
        .isEqualTo(200);

    List<AuditEntry> entries = fx.auditEntries();
    assertThat(entries).anySatisfy(e -> {
      assertThat(e.actor()).isEqualTo("an-auditor");
      assertThat(e.action()).isEqualTo("analytics.load");
      assertThat(e.target()).isEqualTo("big");
      assertThat(new JsonObject(e.details()).getString("interval")).isEqualTo("PT15M");
      assertThat(new JsonObject(e.details()).getString("from")).isEqualTo("2026-11-02T00:00:00Z");
    });
    assertThat(entries).anySatisfy(e -> {
      assertThat(e.actor()).isEqualTo("an-operator");
      assertThat(e.action()).isEqualTo("analytics.quality");
      assertThat(new JsonObject(e.details()).getString("groupBy")).isEqualTo("region:1");
    });
    assertThat(entries).anySatisfy(e -> {
      assertThat(e.actor()).isEqualTo("an-support");
      assertThat(e.action()).isEqualTo("analytics.energy_report");
      assertThat(e.target()).isEqualTo("tiny-a-1");
    });
  }

  @Test
  void qualityShowsVoltageOfLargeGroupsOnly() {
    Response r = fx.get(QUALITY, tokens.get("admin"));

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject big = group(r.json(), "big/a");
    assertThat(big.getJsonObject("voltage").getDouble("avgV")).isEqualTo(231.0);
    assertThat(big.getJsonObject("voltage").getLong("samples")).isEqualTo(15 * 16);
    assertThat(big.getJsonObject("voltage").getDouble("outsideToleranceShare")).isEqualTo(0.0);
    assertThat(big.getJsonObject("events").getLong("voltageLoss")).isZero();
    assertThat(group(r.json(), "tiny/a").fieldNames()).containsExactlyInAnyOrder("group", "suppressed", "reason");
    assertThat(r.json().getJsonArray("outages")).isEmpty();
  }

  @Test
  void energyReportOfAMeter() {
    Response r = fx.get("/api/v1/meters/big-a-3/energy-report?month=2026-11", tokens.get("operator"));

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject body = r.json();
    assertThat(body.getDouble("energyKwh")).isEqualTo(1.6);
    assertThat(body.getString("zone")).isEqualTo("Z");
    assertThat(body.getJsonArray("days")).hasSize(30);
    assertThat(body.getJsonArray("days").getJsonObject(1).getDouble("energyKwh")).isEqualTo(1.6);
    assertThat(body.getValue("cost")).isNull();
    assertThat(body.getString("bandSource")).isEqualTo("none");
    JsonObject regional = body.getJsonArray("regional").getJsonObject(0);
    assertThat(regional.getBoolean("available")).isTrue();
    assertThat(regional.getDouble("averageKwhPerMeter")).isEqualTo(1.6);
    assertThat(regional.getDouble("differencePercent")).isEqualTo(0.0);

    Response small = fx.get("/api/v1/meters/tiny-a-0/energy-report?month=2026-11", tokens.get("support"));
    JsonObject withheld = small.json().getJsonArray("regional").getJsonObject(0);
    assertThat(withheld.getBoolean("available")).isFalse();
    assertThat(withheld.getValue("averageKwhPerMeter")).isNull();
    assertThat(fx.get("/api/v1/meters/no-such/energy-report?month=2026-11", tokens.get("admin")).status())
        .isEqualTo(404);
  }

  @Test
  void energyReportOfACustomerSumsItsLinkedMetersAndAuditsOnlyTheReference() {
    String support = tokens.get("support");
    Response created = fx.send("POST", "/api/v1/customers", support, new JsonObject().put("name", "Report Customer"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().getString("id");
    String ref = created.json().getString("ref");
    for (String meter : List.of("big-a-4", "big-a-5")) {
      assertThat(fx.send("PUT", "/api/v1/customers/" + id + "/meters/" + meter, support, new JsonObject()).status())
          .isBetween(200, 204);
    }

    Response r = fx.get("/api/v1/customers/" + ref + "/energy-report?month=2026-11", tokens.get("operator"));

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getDouble("energyKwh")).as("two meters of 1.6 kWh").isEqualTo(3.2);
    assertThat(r.body()).doesNotContain("Report Customer");
    AuditEntry entry = fx.auditEntries().stream().filter(e -> e.action().equals("analytics.energy_report"))
        .reduce((first, second) -> second).orElseThrow();
    assertThat(entry.target()).isEqualTo(ref);
    assertThat(entry.actor()).isEqualTo("an-operator");

    assertThat(fx.get("/api/v1/customers/" + id + "/energy-report?month=2026-11", support).status()).isEqualTo(200);
    assertThat(fx.get("/api/v1/customers/" + id + "/energy-report?month=2026-11", tokens.get("payments")).status())
        .isEqualTo(403);
    assertThat(fx.get("/api/v1/customers/" + id + "/energy-report?month=2026-11", tokens.get("auditor")).status())
        .isEqualTo(403);
    assertThat(fx.get("/api/v1/customers/no-such/energy-report?month=2026-11", support).status()).isEqualTo(404);
    assertThat(errorFields(fx.get("/api/v1/customers/" + id + "/energy-report", support))).containsExactly("month");
    String lonely = fx.send("POST", "/api/v1/customers", support, new JsonObject().put("name", "No Meter")).json()
        .getString("id");
    assertThat(errorFields(fx.get("/api/v1/customers/" + lonely + "/energy-report?month=2026-11", support)))
        .containsExactly("id");
  }

  @Test
  void badParametersAreProblemsNamingEachField() {
    String admin = tokens.get("admin");
    assertThat(errorFields(fx.get("/api/v1/analytics/load", admin))).containsExactlyInAnyOrder("from", "to",
        "interval");
    assertThat(errorFields(fx.get(LOAD + "&interval=PT1X", admin))).containsExactly("interval");
    assertThat(errorFields(fx.get(LOAD + "&interval=P1M", admin))).containsExactly("interval");
    assertThat(errorFields(fx.get(LOAD + "&interval=PT10S", admin))).containsExactly("interval");
    assertThat(errorFields(fx.get(LOAD + "&interval=-PT1H", admin))).containsExactly("interval");
    assertThat(errorFields(fx.get(LOAD + "&interval=PT1H&groupBy=feeder", admin))).containsExactly("groupBy");
    assertThat(errorFields(fx.get(LOAD + "&interval=PT1H&groupBy=region:0", admin))).containsExactly("groupBy");
    assertThat(errorFields(fx.get(LOAD + "&interval=PT1H&from=2026-11-03T00:00:00Z", admin))).contains("from");
    assertThat(errorFields(fx.get("/api/v1/analytics/load?from=2026-11-02T04:00:00Z&to=2026-11-02T00:00:00Z"
        + "&interval=PT1H", admin))).containsExactly("to");
    assertThat(errorFields(fx.get("/api/v1/analytics/load?from=yesterday&to=2026-11-02T00:00:00Z&interval=PT1H",
        admin))).containsExactly("from");
    Response tooMany = fx.get("/api/v1/analytics/load?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"
        + "&interval=PT1H", admin);
    assertThat(errorFields(tooMany)).containsExactly("interval");
    assertThat(tooMany.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("1416")
        .contains("1000");
    assertThat(errorFields(fx.get("/api/v1/analytics/quality?from=2026-11-02T00:00:00Z", admin)))
        .containsExactly("to");
    assertThat(errorFields(fx.get("/api/v1/analytics/quality?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
        admin))).containsExactly("to");
    String report = "/api/v1/meters/big-a-0/energy-report";
    assertThat(errorFields(fx.get(report, admin))).containsExactly("month");
    assertThat(errorFields(fx.get(report + "?month=2026-13", admin))).containsExactly("month");
    assertThat(errorFields(fx.get(report + "?month=2026/11", admin))).containsExactly("month");
    assertThat(errorFields(fx.get(report + "?month=2999-01", admin))).containsExactly("month");
  }
}
