package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.EventCode;
import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.command.CommandSettings;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The per-region anti-theft policy: a meter reporting tampering in a policy region is tripped; elsewhere only alarmed. */
@Timeout(180)
class AntiTheftEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void tamperInAPolicyRegionTripsTheRelayAndElsewhereOnlyRaisesAnAlarm(@TempDir Path dataDir) throws Exception {
    try (PlatformFixture platform =
        PlatformFixture.start(
            dataDir,
            "anti-theft-" + UUID.randomUUID(),
            1,
            List.of(),
            CommandSettings.defaults(),
            Map.of("METERHUB_TAMPER_TRIP_REGIONS", "south"))) {
      String guarded = "urn:imei:861234567893001";
      String other = "urn:imei:861234567893002";
      platform.createMeter(guarded, "KPM31", "south/feeder-01", "861234567893001", "c3".repeat(16));
      platform.createMeter(other, "KPM31", "north/feeder-01", "861234567893002", "c4".repeat(16));

      try (SimulatedMeter tripped = platform.meter(guarded, "KPM31", "861234567893001", "c3".repeat(16));
          SimulatedMeter alarmed = platform.meter(other, "KPM31", "861234567893002", "c4".repeat(16))) {
        tripped.start();
        alarmed.start();
        assertThat(tripped.awaitRegistered(WAIT)).isTrue();
        assertThat(alarmed.awaitRegistered(WAIT)).isTrue();

        tripped.events().raise(EventCode.MAGNETIC_TAMPER, null, null);
        alarmed.events().raise(EventCode.MAGNETIC_TAMPER, null, null);
        await(
            "both meters' events are accepted",
            WAIT,
            () -> PlatformFixture.eventsSent(tripped) && PlatformFixture.eventsSent(alarmed));

        await("the meter in the policy region is tripped", WAIT, () -> !tripped.powerControl().isOn());
        await("both meters have an open tamper alarm", WAIT, () -> openAlarms(platform, guarded, other) == 2);
        JsonObject commands = platform.getJson("/api/v1/meters/" + encode(guarded) + "/commands");
        assertThat(commands.getJsonArray("items").getJsonObject(0).getString("reason")).contains("tamper");
        assertThat(alarmed.powerControl().isOn()).as("outside the policy regions the supply stays on").isTrue();
        assertThat(platform.getJson("/api/v1/meters/" + encode(other) + "/commands").getJsonArray("items")).isEmpty();
      }
    }
  }

  private static long openAlarms(PlatformFixture platform, String... meterIds) {
    List<String> ids = List.of(meterIds);
    return platform.getJson("/api/v1/alarms?state=open").getJsonArray("items").stream()
        .map(JsonObject.class::cast)
        .filter(alarm -> ids.contains(alarm.getString("meterId")))
        .count();
  }


  private static String encode(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
