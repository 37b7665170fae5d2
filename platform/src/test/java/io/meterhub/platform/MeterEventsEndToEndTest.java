package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.EventCode;
import io.meterhub.models.client.SimulatedMeter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.leshan.core.LwM2m.LwM2mVersion;
import org.eclipse.leshan.core.request.ContentFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Meter events reach the platform in every way the device contract allows: Send in both SenML formats (LwM2M 1.1
 * meters are not observed on 26243, so what is stored came by Send), and Observe for LwM2M 1.0 meters.
 */
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
      await("the SenML-JSON Send is accepted", WAIT, () -> sent(meter, ContentFormat.SENML_JSON));
      // A meter that missed the ACK sends the same records again (same sequence numbers).
      assertThat(meter.send(ContentFormat.SENML_JSON, "/26243").isSuccess()).isTrue();
      sendMarkerAndAwaitIt(meter, id, ContentFormat.SENML_JSON);

      JsonArray events = events(id);
      assertThat(events.stream().map(e -> ((JsonObject) e).getString("type")))
          .containsExactlyInAnyOrder("overload", "reverse_energy", "relay_closed");
      assertThat(events.stream().map(e -> ((JsonObject) e).getLong("sequence"))).doesNotHaveDuplicates();
      JsonObject overload = byType(events, "overload");
      assertThat(overload.getDouble("value")).isEqualTo(12.5);
      assertThat(Instant.parse(overload.getString("occurredAt")))
          .isEqualTo(meter.events().recent().get(0).occurredAt());
      assertThat(Instant.parse(overload.getString("receivedAt"))).isAfterOrEqualTo(
          Instant.parse(overload.getString("occurredAt")));
    }
  }

  @Test
  void eventsSentAsSenmlCborAreStoredOnceAndAnUnknownCodeIsKeptWithItsRawValue() throws Exception {
    String id = "urn:imei:861234567894003";
    String key = "d3".repeat(16);
    platform.createMeter(id, "KPM31", "east/feeder-04", "861234567894003", key);

    try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567894003", key)) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      meter.events().raise(EventCode.MAGNETIC_TAMPER, null, null);
      meter.events().raise(777, 3.5, 2);
      await("the SenML-CBOR Send is accepted", WAIT, () -> sent(meter, ContentFormat.SENML_CBOR));
      assertThat(meter.send(ContentFormat.SENML_CBOR, "/26243").isSuccess()).isTrue();
      sendMarkerAndAwaitIt(meter, id, ContentFormat.SENML_CBOR);

      JsonArray events = events(id);
      assertThat(events.stream().map(e -> ((JsonObject) e).getString("type")))
          .containsExactlyInAnyOrder("magnetic_tamper", "unknown", "relay_closed");
      JsonObject unknown = byType(events, "unknown");
      assertThat(unknown.getJsonObject("details").getInteger("rawCode")).isEqualTo(777);
      assertThat(unknown.getDouble("value")).isEqualTo(3.5);
      assertThat(unknown.getInteger("phase")).isEqualTo(2);
    }
  }

  @Test
  void lwm2m10MeterEventsArriveThroughObserveAndRenotifiedOnesAreStoredOnce() throws Exception {
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
      await("the observed event is stored", WAIT, () -> hasType(events(id), "power_failure"));
      // The next notification carries the whole object again: the power failure a second time, by its sequence.
      meter.events().raise(EventCode.POWER_RESTORED, null, null);
      await("the second observed event is stored", WAIT, () -> hasType(events(id), "power_restored"));

      assertThat(events(id).stream().map(e -> ((JsonObject) e).getString("type")))
          .containsExactlyInAnyOrder("power_failure", "power_restored");
    }
  }

  @Test
  void aMeterComingOnlineAndItsSentEventAreOnTheLiveStream() throws Exception {
    String id = "urn:imei:861234567894004";
    String key = "d4".repeat(16);
    platform.createMeter(id, "KPM31", "east/feeder-04", "861234567894004", key);
    HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/api/v1/stream"))
            .header("Authorization", "Bearer " + platform.adminToken()).GET().build(),
        HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try {
        stream.body().forEach(lines::add);
      } catch (RuntimeException closed) {
        // the stream is closed at the end of the test
      }
    });
    reader.setDaemon(true);
    reader.start();

    try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567894004", key)) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      JsonObject online = nextData(lines, "status", id);
      assertThat(online.getJsonObject("data").getString("status")).isEqualTo("online");

      meter.events().raise(EventCode.TERMINAL_COVER_OPENED, null, null);
      await("the Send is accepted", WAIT, () -> sent(meter, ContentFormat.SENML_CBOR));
      assertThat(nextData(lines, "event", id).getJsonObject("data").getString("type"))
          .isEqualTo("terminal_cover_opened");
      assertThat(nextData(lines, "alarm", id).getJsonObject("data").getString("state")).isEqualTo("open");
    } finally {
      stream.body().close();
    }
  }

  /** The next stream message of this kind about this meter, failing after {@link #WAIT}. */
  private static JsonObject nextData(BlockingQueue<String> lines, String kind, String meterId)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.startsWith("data:")) {
        JsonObject message = new JsonObject(line.substring(5));
        if (kind.equals(message.getString("kind"))
            && meterId.equals(message.getJsonObject("data").getString("meterId"))) {
          return message;
        }
      }
    }
    throw new AssertionError("no " + kind + " message about " + meterId + " on the stream in time");
  }

  /**
   * Raises and sends one more event and waits until it is listed: a meter's events are stored in arrival order, so
   * everything sent before (e.g. a resend) has been processed by then.
   */
  private static void sendMarkerAndAwaitIt(SimulatedMeter meter, String id, ContentFormat format) {
    meter.events().raise(EventCode.RELAY_CLOSED, null, null);
    await("the marker event's Send is accepted", WAIT, () -> sent(meter, format));
    await("the marker event is listed", WAIT, () -> hasType(events(id), "relay_closed"));
  }

  private static boolean hasType(JsonArray events, String type) {
    return events.stream().anyMatch(e -> type.equals(((JsonObject) e).getString("type")));
  }

  private static JsonObject byType(JsonArray events, String type) {
    return events.stream().map(JsonObject.class::cast).filter(e -> type.equals(e.getString("type"))).findFirst()
        .orElseThrow();
  }

  private static boolean sent(SimulatedMeter meter, ContentFormat format) {
    try {
      return meter.sendEvents(format).map(response -> response.isSuccess()).orElse(true);
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
