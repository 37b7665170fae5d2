package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static io.meterhub.platform.RelayCommandEndToEndTest.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.RelayCommandEndToEndTest.TestMeter;
import io.meterhub.platform.command.CommandSettings;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A meter that stops answering: its command is retried with backoff, stays pending, and is confirmed later. */
@Timeout(180)
class RelayCommandRetryTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void commandToASilentMeterIsRetriedAndConfirmedWhenItIsBack(@TempDir Path dataDir) throws Exception {
    CommandSettings quick =
        new CommandSettings(
            Duration.ofHours(1), Duration.ofDays(1), 16, 100, Duration.ofSeconds(2), Duration.ofSeconds(1),
            Duration.ofSeconds(4), Duration.ofMillis(500), Duration.ofSeconds(30), 4);
    try (PlatformFixture platform =
        PlatformFixture.start(dataDir, "relay-retry-" + UUID.randomUUID(), 1, List.of(), quick)) {
      TestMeter m = TestMeter.provision(platform, "north/feeder-09");
      SimulatedMeter meter = m.start(platform);
      try {
        meter.stop(false); // gone without deregistering: the server still believes it registered
        HttpResponse<String> created =
            platform.call(
                "POST",
                RelayCommandEndToEndTest.relayPath(m.id()),
                platform.adminToken(),
                new JsonObject().put("state", "open").put("reason", "unpaid balance"));
        assertThat(created.statusCode()).isEqualTo(202);
        String id = new JsonObject(created.body()).getString("id");

        await(
            "the command was tried twice without an answer",
            WAIT,
            () -> platform.getJson("/api/v1/commands/" + id).getInteger("attempts") >= 2);
        JsonObject waiting = platform.getJson("/api/v1/commands/" + id);
        assertThat(waiting.getString("status")).isIn("pending", "sent");
        JsonObject audit = platform.getJson("/api/v1/audit?action=command.retry&limit=1000");
        assertThat(audit.getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getJsonObject("details"))
                .filter(d -> d.getString("command").equals(id)))
            .isNotEmpty()
            .allMatch(d -> d.getString("error").equals("no answer from the meter")
                || d.getString("error").startsWith("request failed"));

        meter.start();
        assertThat(meter.awaitRegistered(WAIT)).isTrue();
        JsonObject confirmed = awaitStatus(platform, id, "confirmed");
        assertThat(confirmed.getInteger("attempts")).isGreaterThanOrEqualTo(3);
        assertThat(meter.powerControl().isOn()).isFalse();
      } finally {
        meter.close();
      }
    }
  }
}
