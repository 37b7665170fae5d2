package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.client.SimulatedMeter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes in one JVM sharing a Hazelcast cluster and one database: what a meter does on node A is visible through
 * node B's API, and credentials provisioned through B let the meter handshake with A.
 */
@Timeout(180)
class TwoNodeClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void meterConnectedToNodeAIsOnlineWithItsLatestReadingThroughNodeB(@TempDir Path dataDir) throws Exception {
    String cluster = "two-nodes-" + UUID.randomUUID();
    try (PlatformFixture nodeA = PlatformFixture.start(dataDir, cluster, 1, List.of());
        PlatformFixture nodeB = PlatformFixture.start(dataDir, cluster, 2, List.of(nodeA.clusterAddress()))) {
      await("both nodes see each other", WAIT, () -> nodeB.node.cluster().memberCount() == 2);

      String id = "urn:imei:861234567899001";
      String key = "0f0e0d0c0b0a09080706050403020100";
      nodeB.createMeter(id, "KPM31", "west/feeder-03", "861234567899001", key);

      try (SimulatedMeter meter = nodeA.meter(id, "KPM31", "861234567899001", key)) {
        meter.singlePhaseMeter().setInstantaneous(231.4, 1.5, 0.33, 0.95);
        meter.singlePhaseMeter().setEnergyWh(42_000);
        meter.start();
        assertThat(meter.awaitRegistered(WAIT)).as("registered at node A with credentials made at B").isTrue();

        String path = "/api/v1/meters/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        await(
            "node B shows the meter online with its latest reading",
            WAIT,
            () -> {
              JsonObject view = nodeB.getJson(path);
              JsonObject latest = view.getJsonObject("latest");
              return view.getBoolean("online") && latest != null && latest.getValue("activeEnergyKwh") != null;
            });
        JsonObject view = nodeB.getJson(path);
        assertThat(view.getJsonObject("latest").getDouble("activeEnergyKwh")).isEqualTo(42.0);
        assertThat(view.getJsonObject("latest").getDouble("voltageV")).isEqualTo(231.4);
        assertThat(view.getString("relay")).isEqualTo("closed");

        JsonArray online = nodeB.getJson("/api/v1/meters?region=west&online=true").getJsonArray("items");
        assertThat(online.stream().map(item -> ((JsonObject) item).getString("id"))).containsExactly(id);
      }
    }
  }
}
