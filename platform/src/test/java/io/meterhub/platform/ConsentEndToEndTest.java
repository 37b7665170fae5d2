package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.client.SimulatedMeter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reporting-granularity consent through a real node and a real Leshan meter over DTLS: recording it re-writes the
 * meter's observe attributes while it is online, and readings finer than consented are not stored.
 */
@Timeout(180)
class ConsentEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  @Test
  void consentChangesTheMetersObserveAttributesAndLimitsStoredReadings() throws Exception {
    String id = "urn:imei:861234567895001";
    String key = "c5".repeat(16);
    try (PlatformFixture fx = PlatformFixture.start(dataDir, "consent-" + UUID.randomUUID(), 1, List.of())) {
      fx.createMeter(id, "KPM31", "west/f2", "861234567895001", key);
      String path = "/api/v1/meters/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/consent";
      String operator = fx.tokenFor("operator");

      JsonObject before = new JsonObject(fx.call("GET", path, operator, null).body());
      assertThat(before.getBoolean("default")).isTrue();
      assertThat(before.getString("granularity")).isEqualTo("unrestricted");

      try (SimulatedMeter meter = fx.meter(id, "KPM31", "861234567895001", key)) {
        meter.start();
        assertThat(meter.awaitRegistered(WAIT)).isTrue();
        await("the profile's attributes are written", WAIT,
            () -> Long.valueOf(15).equals(PlatformFixture.observeAttribute(meter, "/10243/0", "pmin")));
        assertThat(PlatformFixture.observeAttribute(meter, "/10243/0", "pmax")).isEqualTo(60L);

        // Half-hourly without explicit consent is refused; daily on contract is fine.
        HttpResponse<String> refused = fx.call("PUT", path, operator, new JsonObject().put("granularity", "30-min")
            .put("basis", "contract").put("recordedBy", "call-centre"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("basis");
        Instant consentChanged = Instant.now();
        HttpResponse<String> daily = fx.call("PUT", path, operator, new JsonObject().put("granularity", "daily")
            .put("basis", "contract").put("recordedBy", "call-centre").put("evidence", "form-2026-118"));
        assertThat(daily.statusCode()).isEqualTo(200);

        await("the meter notifies the measurement object once a day", WAIT,
            () -> Long.valueOf(86_400).equals(PlatformFixture.observeAttribute(meter, "/10243/0", "pmin")));
        assertThat(PlatformFixture.observeAttribute(meter, "/10243/0", "pmax")).isEqualTo(86_400L);
        assertThat(PlatformFixture.observeAttribute(meter, "/26241/0", "pmin"))
            .as("billing TOU registers keep their cadence").isEqualTo(60L);
        assertThat(PlatformFixture.observeAttribute(meter, "/3312/0/5850", "pmax")).isEqualTo(300L);

        // Within the consented day, further readings are not stored; the metric counts them. The re-observation's
        // measurement is the day's first reading: wait for it, or a Send could take its place.
        await("the re-observation's reading is stored", WAIT, () -> readings(fx, id).stream()
            .map(JsonObject.class::cast)
            .anyMatch(r -> r.getDouble("voltageV") != null && !Instant.parse(r.getString("timestamp"))
                .isBefore(consentChanged)));
        for (int i = 0; i < 3; i++) {
          meter.singlePhaseMeter().update(231.0 + i, 2.0, 0.4, 0.95, 10);
          assertThat(meter.send(ContentFormat.SENML_JSON, "/10243/0").isSuccess()).isTrue();
        }
        await("three readings are dropped", WAIT, () -> metric(fx, "meterhub_readings_dropped_total") >= 3);
        // Not a row count: the re-observation's tariff registers (stored for billing) may still be on their way
        assertThat(readings(fx, id).stream().map(JsonObject.class::cast).map(r -> r.getDouble("voltageV")))
            .as("voltages of the three Sends").doesNotContain(231.0, 232.0, 233.0);

        // Opting in to 15-minute data with explicit consent: history is kept.
        assertThat(fx.call("PUT", path, fx.tokenFor("support"), new JsonObject().put("granularity", "15-min")
            .put("basis", "consent").put("recordedBy", "web-portal")).statusCode()).isEqualTo(200);
        await("the meter notifies every 15 minutes", WAIT,
            () -> Long.valueOf(900).equals(PlatformFixture.observeAttribute(meter, "/10243/0", "pmin")));
      }

      JsonObject after = new JsonObject(fx.call("GET", path, fx.tokenFor("auditor"), null).body());
      assertThat(after.getString("granularity")).isEqualTo("15-min");
      JsonArray history = after.getJsonArray("history");
      assertThat(history).hasSize(2);
      assertThat(history.getJsonObject(0).getString("basis")).isEqualTo("contract");
      assertThat(history.getJsonObject(0).getString("evidence")).isEqualTo("form-2026-118");
      assertThat(history.getJsonObject(0).getString("actor")).isEqualTo("operator-user");
      assertThat(history.getJsonObject(1).getLong("seq")).isEqualTo(2L);
      assertThat(fx.call("PUT", path, fx.tokenFor("payments"), new JsonObject().put("granularity", "daily")
          .put("basis", "contract").put("recordedBy", "x")).statusCode()).isEqualTo(403);
      assertThat(fx.call("GET", "/api/v1/meters/urn:imei:0/consent", operator, null).statusCode()).isEqualTo(404);
      assertThat(fx.getJson("/api/v1/audit?action=meter.consent").getJsonArray("items")).hasSize(2);
    }
  }

  /** An attribute the meter holds for a path, as written by the server (null when absent). */

  private static JsonArray readings(PlatformFixture fx, String id) {
    return fx.getJson("/api/v1/meters/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/readings?limit=1000")
        .getJsonArray("items");
  }

  private static double metric(PlatformFixture fx, String prefix) {
    return fx.call("GET", "/metrics", null, null).body().lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
