package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static io.meterhub.platform.RelayCommandEndToEndTest.awaitStatus;
import static io.meterhub.platform.RelayCommandEndToEndTest.relayPath;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.RelayCommandEndToEndTest.TestMeter;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pending commands live in Hazelcast, which a full restart empties: a disconnect ordered for an offline meter before
 * the restart must still be delivered after it.
 */
@Timeout(180)
class CommandRestartTest {

  @Test
  void commandPendingBeforeARestartIsDeliveredAfterIt(@TempDir Path dataDir) throws Exception {
    TestMeter m;
    String commandId;
    try (PlatformFixture before = PlatformFixture.start(dataDir, "restart-a-" + UUID.randomUUID(), 1, List.of())) {
      m = TestMeter.provision(before, "west/feeder-20");
      HttpResponse<String> created =
          before.call(
              "POST",
              relayPath(m.id()),
              before.adminToken(),
              new JsonObject().put("state", "open").put("reason", "credit exhausted"));
      assertThat(created.statusCode()).isEqualTo(202);
      commandId = new JsonObject(created.body()).getString("id");
      assertThat(before.getJson("/api/v1/commands/" + commandId).getString("status")).isEqualTo("pending");
    }

    try (PlatformFixture after = PlatformFixture.start(dataDir, "restart-b-" + UUID.randomUUID(), 1, List.of());
        SimulatedMeter meter = after.meter(m.id(), "KPM31", m.identity(), m.key())) {
      meter.start();
      assertThat(meter.awaitRegistered(Duration.ofSeconds(30))).isTrue();

      awaitStatus(after, commandId, "confirmed");
      await("the meter's relay is open", Duration.ofSeconds(30), () -> !meter.powerControl().isOn());
    }
  }
}
