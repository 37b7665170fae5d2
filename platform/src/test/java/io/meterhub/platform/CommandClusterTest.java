package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static io.meterhub.platform.RelayCommandEndToEndTest.awaitStatus;
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
 * Two nodes sharing a Hazelcast cluster and one database: a command accepted by node B is delivered by node A, which
 * holds the meter's DTLS session, whether the meter is connected already or registers with A later.
 */
@Timeout(240)
class CommandClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void commandCreatedAtNodeBIsDeliveredByNodeAHoldingTheSession(@TempDir Path dataDir) throws Exception {
    String cluster = "commands-" + UUID.randomUUID();
    try (PlatformFixture nodeA = PlatformFixture.start(dataDir, cluster, 1, List.of());
        PlatformFixture nodeB = PlatformFixture.start(dataDir, cluster, 2, List.of(nodeA.clusterAddress()))) {
      await("both nodes see each other", WAIT, () -> nodeB.node.cluster().memberCount() == 2);

      TestMeter connected = TestMeter.provision(nodeB, "west/feeder-07");
      TestMeter later = TestMeter.provision(nodeB, "west/feeder-07");
      JsonObject waiting = relayAt(nodeB, later.id(), "open");
      assertThat(waiting.getString("status")).isEqualTo("pending");

      try (SimulatedMeter meter = connected.start(nodeA)) {
        String path = "/api/v1/meters/" + RelayCommandEndToEndTest.enc(connected.id());
        await("node B sees the meter online at node A", WAIT, () -> nodeB.getJson(path).getBoolean("online"));

        JsonObject trip = relayAt(nodeB, connected.id(), "open");
        awaitStatus(nodeB, trip.getString("id"), "confirmed");
        assertThat(meter.powerControl().isOn()).as("tripped through node A").isFalse();
        assertThat(awaitStatus(nodeA, trip.getString("id"), "confirmed").getInteger("attempts")).isEqualTo(1);
      }

      try (SimulatedMeter meter = later.start(nodeA)) {
        awaitStatus(nodeB, waiting.getString("id"), "confirmed");
        assertThat(meter.powerControl().isOn()).as("command made at B before the meter came to A").isFalse();
      }
    }
  }

  private static JsonObject relayAt(PlatformFixture node, String meterId, String state) {
    HttpResponse<String> response =
        node.call(
            "POST",
            RelayCommandEndToEndTest.relayPath(meterId),
            node.adminToken(),
            new JsonObject().put("state", state).put("reason", "unpaid balance"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return new JsonObject(response.body());
  }
}
