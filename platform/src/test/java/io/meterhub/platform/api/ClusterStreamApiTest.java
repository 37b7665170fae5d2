package io.meterhub.platform.api;

import static io.meterhub.platform.api.StreamApiTest.open;
import static io.meterhub.platform.api.StreamApiTest.readUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.models.EventCode;
import io.meterhub.models.MeterEventRecord;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.event.EventConfig;
import io.meterhub.platform.event.EventModule;
import io.meterhub.platform.event.RecordingTamperResponse;
import io.meterhub.platform.event.StreamPublisher;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.TestHazelcast;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live stream is cluster-wide: an event ingested by another node (its own Hazelcast member and Vert.x, joined to
 * the API node's cluster) reaches the API node's SSE clients, still filtered by role.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterStreamApiTest {

  private static final Instant T0 = Instant.parse("2026-12-04T19:30:00Z");
  private static TestDatabase otherTarget;
  private static Database otherDb;
  private static HazelcastInstance otherMember;
  private static Vertx otherVertx;
  private static EventModule otherNode;

  @BeforeAll
  static void start() throws Exception {
    StreamApiTest.fx = new ApiFixture();
    otherTarget = TestDatabase.h2();
    otherDb = otherTarget.open();
    otherMember = TestHazelcast.join(StreamApiTest.fx.hazelcast);
    otherVertx = Vertx.vertx();
    Clock clock = Clock.systemUTC();
    JdbcMeterStore meters = new JdbcMeterStore(otherDb);
    meters.insert(new Meter("cs-1", "KPM31", "south/feeder-02/tx-4", MeterSecurity.psk("psk-cs-1", "00".repeat(16)),
        T0, T0));
    otherNode = new EventModule(otherDb, meters, new ChainedAuditLog(otherDb, clock), otherVertx, otherMember,
        new RecordingTamperResponse(), EventConfig.defaults(), clock, new SimpleMeterRegistry());
  }

  @AfterAll
  static void stop() throws Exception {
    StreamApiTest.stop();
    otherNode.close();
    otherVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    otherMember.shutdown();
    otherDb.close();
    otherTarget.close();
  }

  @Test
  void eventIngestedByAnotherNodeReachesThisNodesStreamClientsByRole() throws Exception {
    ApiFixture fx = StreamApiTest.fx;
    BlockingQueue<String> adminLines = open("", fx.adminToken());
    BlockingQueue<String> paymentLines = open("", fx.userWithRole("cs-payments", "payments"));
    readUntil(adminLines, l -> l.startsWith(": connected"));
    readUntil(paymentLines, l -> l.startsWith(": connected"));

    otherNode.sink().accept("cs-1", List.of(new MeterEventRecord(401, EventCode.POWER_FAILURE, T0, 1, null, null)),
        T0);

    List<String> adminSeen = readUntil(adminLines, l -> l.startsWith("data:") && l.contains("\"kind\":\"event\""));
    JsonObject message = new JsonObject(adminSeen.get(adminSeen.size() - 1).substring(5));
    assertThat(message.getJsonObject("data").getString("meterId")).isEqualTo("cs-1");
    assertThat(message.getJsonObject("data").getString("type")).isEqualTo("power_failure");
    assertThat(message.getJsonObject("data").getString("region")).isEqualTo("south/feeder-02/tx-4");
    readUntil(adminLines, l -> l.startsWith("data:") && l.contains("\"kind\":\"alarm\"") && l.contains("cs-1"));

    // Published after the meter messages reached this node's bus, so payments would have seen them by then.
    fx.vertx.eventBus().publish(StreamPublisher.ADDRESS, new JsonObject().put("kind", "system")
        .put("category", "system").put("data", new JsonObject()), new DeliveryOptions().setLocalOnly(true));
    assertThat(readUntil(paymentLines, l -> l.equals("event: system"))).noneMatch(l -> l.contains("cs-1"));
  }
}
