package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.EventCode;
import io.meterhub.models.client.SimulatedMeter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Meter events reach the platform in every way the device contract allows: Send in both SenML formats, and Observe. */
@Timeout(180)
class MeterEventsEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  private static PlatformFixture platform;

  @BeforeAll
  static void startPlatform() {
    platform = PlatformFixture.start(dataDir, "events-" + UUID.randomUUID(), 1, List.of());
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void eventsSentAsSenmlJsonAreStoredOnceEvenWhenResent() throws Exception {
    String id = "urn:imei:861234567894001";
    String key = "d1".repeat(16);
    platform.createMeter(id, "KPM31", "east/feeder-04", "861234567894001", key);

    try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567894001", key)) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      meter.events().raise(EventCode.OVERLOAD, 12.5, null);
      meter.events().raise(EventCode.REVERSE_ENERGY, null, null);
      await("the SenML-JSON Send is accepted", WAIT, () -> sendJson(meter));
      // A meter that missed the ACK sends the same records again (same sequence numbers).
      meter.send(ContentFormat.SENML_JSON, "/26243");

      await("both events are listed", WAIT, () -> events(id).size() >= 2);
      Thread.sleep(500);
      JsonArray events = events(id);
      assertThat(events.stream().map(e -> ((JsonObject) e).getString("type")))
          .containsExactlyInAnyOrder("overload", "reverse_energy");
    }
  }

  @Test
  void lwm2m10MeterEventsArriveThroughObserve() throws Exception {
    String id = "urn:imei:861234567894002";
    String key = "d2".repeat(16);
    platform.createMeter(id, "KPM31", "east/feeder-04", "861234567894002", key);

    try (SimulatedMeter meter =
        platform.meter(id, "KPM31", "861234567894002", key, builder -> builder.lwm2mVersion(LwM2mVersion.V1_0))) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      await(
          "the platform observes the meter",
          WAIT,
          () -> platform.getJson("/api/v1/meters/" + encode(id)).getValue("latest") != null);

      meter.events().raise(EventCode.POWER_FAILURE, null, null);

      await(
          "the observed event is stored",
          WAIT,
          () -> events(id).stream().anyMatch(e -> "power_failure".equals(((JsonObject) e).getString("type"))));
    }
  }

  private static boolean sendJson(SimulatedMeter meter) {
    try {
      return meter.sendEvents(ContentFormat.SENML_JSON).map(response -> response.isSuccess()).orElse(true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static JsonArray events(String id) {
    return platform.getJson("/api/v1/meters/" + encode(id) + "/events").getJsonArray("items");
  }

  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
