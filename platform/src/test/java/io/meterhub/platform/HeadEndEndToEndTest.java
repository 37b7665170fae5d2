package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.lwm2m.ClientEvents;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real platform node and real Leshan meters over DTLS-PSK, observed only through the REST API. */
@Timeout(180)
class HeadEndEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  private static PlatformFixture platform;

  @BeforeAll
  static void startPlatform() {
    platform = PlatformFixture.start(dataDir, "e2e-" + UUID.randomUUID(), 1, List.of());
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void kpm31MeterRegistersAndItsReadingsAndRelayAppearInTheApi() throws Exception {
    String id = "urn:imei:861234567890001";
    String key = "000102030405060708090a0b0c0d0e0f";
    platform.createMeter(id, "KPM31", "north/feeder-07", "861234567890001", key);

    try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567890001", key)) {
      meter.singlePhaseMeter().setInstantaneous(229.8, 3.2, 0.71, 0.97);
      meter.singlePhaseMeter().setEnergyWh(1_234_567);
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).as("registered over DTLS").isTrue();

      await(
          "the API shows the meter online with its first reading",
          WAIT,
          () -> {
            JsonObject view = platform.getJson("/api/v1/meters/" + encode(id));
            JsonObject latest = view.getJsonObject("latest");
            return view.getBoolean("online") && latest != null && latest.getDouble("activeEnergyKwh") != null;
          });
      JsonObject view = platform.getJson("/api/v1/meters/" + encode(id));
      assertThat(view.getString("model")).isEqualTo("KPM31");
      assertThat(view.getString("lastSeen")).isNotNull();
      assertThat(view.getString("relay")).isEqualTo("closed");
      JsonObject latest = view.getJsonObject("latest");
      assertThat(latest.getDouble("activeEnergyKwh")).isEqualTo(1234.567);
      assertThat(latest.getDouble("voltageV")).isEqualTo(229.8);
      assertThat(latest.getDouble("currentA")).isEqualTo(3.2);
      assertThat(latest.getDouble("powerFactor")).isEqualTo(0.97);
      assertThat(view.encode()).doesNotContain(key);

      meter.addEnergyWh(2_500);
      await(
          "the new register value is stored as a reading",
          WAIT,
          () -> {
            JsonObject reading = lastReadingWith(id, "activeEnergyKwh");
            return reading != null && reading.getDouble("activeEnergyKwh") == 1237.067;
          });

      meter.powerControl().setLocal(false);
      await(
          "a local trip at the meter shows as relay open",
          WAIT,
          () -> "open".equals(platform.getJson("/api/v1/meters/" + encode(id)).getString("relay")));
    }
  }

  @Test
  void lastSeenFollowsUpdatesAndTrafficAndDeregistrationTakesTheMeterOffline() throws Exception {
    String id = "urn:imei:861234567890007";
    String key = "77".repeat(16);
    platform.createMeter(id, "KPM31", "north/feeder-11", "861234567890007", key);
    String path = "/api/v1/meters/" + encode(id);

    try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567890007", key)) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      await("online after registering", WAIT, () -> platform.getJson(path).getBoolean("online"));
      Instant registeredSeen = lastSeen(path);

      await("the clock moved past the registration", WAIT, () -> Instant.now().isAfter(registeredSeen));
      meter.triggerUpdate();
      await("a registration update moves lastSeen", WAIT, () -> lastSeen(path).isAfter(registeredSeen));
      Instant updatedSeen = lastSeen(path);

      await("the clock moved past the update", WAIT, () -> Instant.now().isAfter(updatedSeen));
      meter.powerControl().setLocal(false); // notified at once (pmin 0 on the relay)
      await("a notification moves lastSeen", WAIT, () -> lastSeen(path).isAfter(updatedSeen));
      assertThat(platform.getJson(path).getBoolean("online")).isTrue();

      meter.stop(true);
      await("deregistration takes the meter offline", WAIT, () -> !platform.getJson(path).getBoolean("online"));
      assertThat(lastSeen(path)).isAfterOrEqualTo(updatedSeen);
    }
  }

  @Test
  void rotatingTheKeyThroughTheApiDropsTheLiveSession() throws Exception {
    String id = "urn:imei:861234567890008";
    String oldKey = "88".repeat(16);
    String newKey = "89".repeat(16);
    platform.createMeter(id, "KPM31", "north/feeder-12", "861234567890008", oldKey);

    try (SimulatedMeter meter =
        platform.meter(id, "KPM31", "861234567890008", oldKey, b -> b.requestTimeout(Duration.ofSeconds(3)))) {
      ClientEvents events = new ClientEvents();
      meter.leshanClient().addObserver(events);
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();

      JsonObject rotation = new JsonObject().put("security",
          new JsonObject().put("mode", "psk").put("identity", "861234567890008").put("key", newKey));
      assertThat(platform.call("PATCH", "/api/v1/meters/" + encode(id), platform.adminToken(), rotation)
          .statusCode()).isEqualTo(200);

      // Same identity: a surviving session would carry every Update (the authorizer checks the identity only), so
      // an Update that gets no answer proves the session was dropped. Updates racing the asynchronous drop may
      // still pass; they are repeated until one fails or the wait ends.
      int seen = events.events.size();
      meter.triggerUpdate();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!events.saw("update-timeout") && !events.saw("update-failed")) {
        assertThat(System.nanoTime()).as("an Update after the rotation fails").isLessThan(deadline);
        if (events.events.size() > seen) {
          seen = events.events.size();
          meter.triggerUpdate();
        }
        Thread.sleep(100);
      }
      assertThat(events.events).doesNotContain("update-failed:FORBIDDEN");
      assertThat(meter.registrations()).as("no new registration with the old key").isEqualTo(1);
    }

    try (SimulatedMeter withNewKey = platform.meter(id, "KPM31", "861234567890008", newKey)) {
      withNewKey.start();
      assertThat(withNewKey.awaitRegistered(WAIT)).as("the new key opens a session").isTrue();
    }
  }

  private static Instant lastSeen(String path) {
    return Instant.parse(platform.getJson(path).getString("lastSeen"));
  }

  @Test
  void wrongKeyIsRefusedAtTheHandshakeAndNothingRegisters() throws Exception {
    String id = "urn:imei:861234567890002";
    platform.createMeter(id, "KPM31", "north/feeder-07", "861234567890002", "11".repeat(16));

    try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567890002", "22".repeat(16))) {
      meter.start();
      assertThat(meter.awaitRegistered(Duration.ofSeconds(8))).isFalse();
    }
    assertThat(platform.getJson("/api/v1/meters/" + encode(id)).getBoolean("online")).isFalse();
    await("the failed handshake is counted", WAIT, () -> handshakeFailures() > 0);
  }

  @Test
  void anotherMetersIdentityAndUnknownEndpointsAreRefused() throws Exception {
    String owner = "urn:imei:861234567890003";
    String victim = "urn:imei:861234567890004";
    String ownerKey = "33".repeat(16);
    platform.createMeter(owner, "KPM31", "south/feeder-01", "861234567890003", ownerKey);
    platform.createMeter(victim, "KPM31", "south/feeder-01", "861234567890004", "44".repeat(16));

    try (SimulatedMeter impostor = platform.meter(victim, "KPM31", "861234567890003", ownerKey);
        SimulatedMeter unknown = platform.meter("urn:imei:999", "KPM31", "861234567890003", ownerKey)) {
      impostor.start();
      unknown.start();
      assertThat(impostor.awaitRegistered(Duration.ofSeconds(8))).as("identity of another meter").isFalse();
      assertThat(unknown.awaitRegistered(Duration.ofSeconds(2))).as("endpoint not in the registry").isFalse();
    }
    assertThat(platform.getJson("/api/v1/meters/" + encode(victim)).getBoolean("online")).isFalse();
    assertThat(platform.getJson("/api/v1/meters/" + encode(owner)).getBoolean("online")).isFalse();
  }

  @Test
  void tamperEventSentByTheMeterIsStoredOnceAndRaisesAnAlarm() throws Exception {
    String id = "urn:imei:861234567890006";
    String key = "66".repeat(16);
    platform.createMeter(id, "KPM31", "north/feeder-09", "861234567890006", key);

    try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567890006", key)) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      meter.events().raise(io.meterhub.models.EventCode.METER_COVER_OPENED, null, null);
      await("the meter's Send is accepted", WAIT, () -> PlatformFixture.eventsSent(meter));

      await(
          "the event is listed for the meter",
          WAIT,
          () -> !platform.getJson("/api/v1/meters/" + encode(id) + "/events").getJsonArray("items").isEmpty());
      JsonArray events = platform.getJson("/api/v1/meters/" + encode(id) + "/events").getJsonArray("items");
      assertThat(events).hasSize(1);
      assertThat(events.getJsonObject(0).getString("type")).isEqualTo("meter_cover_opened");
      await(
          "an open tamper alarm exists for the meter",
          WAIT,
          () ->
              platform.getJson("/api/v1/alarms?state=open").getJsonArray("items").stream()
                  .map(JsonObject.class::cast)
                  .anyMatch(alarm -> id.equals(alarm.getString("meterId"))));
    }
  }


  @Test
  void metricsCountRegistrationsAndIngestedReadings() throws Exception {
    String id = "urn:imei:861234567890005";
    String key = "55".repeat(16);
    platform.createMeter(id, "KPM33", "east/feeder-02", "861234567890005", key);

    try (SimulatedMeter meter = platform.meter(id, "KPM33", "861234567890005", key)) {
      meter.threePhaseMeter().setPhase(1, 231.0, 5.0, 1.1);
      meter.threePhaseMeter().setPhase(2, 229.0, 4.0, 0.9);
      meter.threePhaseMeter().setPhase(3, 230.0, 3.0, 0.7);
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      await(
          "the three-phase reading is stored",
          WAIT,
          () -> lastReadingWith(id, "phases") != null);
      JsonObject phases = lastReadingWith(id, "phases").getJsonObject("phases");
      assertThat(phases.encode()).contains("231").contains("229").contains("230");

      String metrics = platform.call("GET", "/metrics", null, null).body();
      assertThat(metric(metrics, "meterhub_lwm2m_registrations")).isGreaterThanOrEqualTo(1);
      assertThat(metric(metrics, "meterhub_readings_ingested_total")).isGreaterThanOrEqualTo(1);
      assertThat(metrics).contains("hikaricp_connections_pending{pool=\"meterhub-db\"}");
      assertThat(metric(metrics, "hikaricp_connections_acquire_seconds_count{pool=\"meterhub-db\"}"))
          .as("connections taken from the pool").isGreaterThanOrEqualTo(1);
      assertThat(metric(metrics, "meterhub_dtls_handshakes_total{result=\"success\"")).isGreaterThanOrEqualTo(1);
    }
  }

  /** The newest stored reading that carries {@code field} (meters report objects in separate notifications). */
  private static JsonObject lastReadingWith(String id, String field) {
    JsonArray items = platform.getJson("/api/v1/meters/" + encode(id) + "/readings?limit=1000").getJsonArray("items");
    for (int i = items.size() - 1; i >= 0; i--) {
      if (items.getJsonObject(i).getValue(field) != null) {
        return items.getJsonObject(i);
      }
    }
    return null;
  }

  private static double handshakeFailures() {
    HttpResponse<String> response = platform.call("GET", "/metrics", null, null);
    return metric(response.body(), "meterhub_dtls_handshakes_total{result=\"failure\"");
  }

  /** Sum of the samples whose line starts with {@code prefix} (a metric name, optionally with its first label). */
  private static double metric(String prometheusText, String prefix) {
    return prometheusText
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String encode(String id) {
    return java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8);
  }
}
