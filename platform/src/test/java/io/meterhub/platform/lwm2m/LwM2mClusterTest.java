package io.meterhub.platform.lwm2m;

import static io.meterhub.platform.lwm2m.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.cluster.HazelcastMeterLiveState;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.meter.MeterStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.observation.Observation;
import org.eclipse.leshan.core.observation.SingleObservation;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two nodes (member + LwM2M server each) in one JVM; meters talk to node A, node B sees their state. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LwM2mClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Node a;
  private static Node b;

  /** One cluster node: member, stores, live state and an LwM2M server whose handler updates the live state. */
  private record Node(
      ClusterMember member,
      HazelcastRegistrationStore registrations,
      HazelcastSecurityStore credentials,
      HazelcastMeterLiveState live,
      RecordingHandler handler,
      MeterLwM2mServer server,
      List<String> drops) {

    static Node start(int nodeId, String cluster, ClusterMember... others) {
      ClusterMember member = TestCluster.member(nodeId, cluster, others);
      HazelcastRegistrationStore registrations = new HazelcastRegistrationStore(member.hazelcast());
      HazelcastSecurityStore credentials = new HazelcastSecurityStore(member.hazelcast());
      HazelcastMeterLiveState live = new HazelcastMeterLiveState(member.hazelcast());
      RecordingHandler handler =
          new RecordingHandler(
              e -> {
                switch (e.kind()) {
                  case "registered" -> live.online(e.endpoint(), member.nodeName(), e.at());
                  case "deregistered" -> live.offline(e.endpoint(), e.at());
                  default -> live.seen(e.endpoint(), e.at());
                }
              });
      MeterLwM2mServer server =
          MeterLwM2mServer.builder()
              .registrationStore(registrations)
              .securityStore(credentials)
              .models(ObjectLoader.loadDefault())
              .observeTargets(endpoint -> List.of(new ObserveTarget("/3/0", 0, 0)))
              .handler(handler)
              .metrics(new SimpleMeterRegistry())
              .nodeId(nodeId)
              .coaps("127.0.0.1", 0)
              .requestTimeout(Duration.ofSeconds(5))
              .build();
      server.start();
      // added after the server's own listener: records that the drop was handed to this node's DTLS connector
      List<String> drops = new CopyOnWriteArrayList<>();
      credentials.addListener(
          (compromised, infos) -> {
            for (var info : infos) {
              drops.add(info.getEndpoint());
            }
          });
      return new Node(member, registrations, credentials, live, handler, server, drops);
    }

    void stop() {
      server.close();
      member.close();
    }
  }

  @BeforeAll
  static void startNodes() {
    String cluster = TestCluster.randomClusterName();
    a = Node.start(1, cluster);
    b = Node.start(2, cluster, a.member());
  }

  @AfterAll
  static void stopNodes() {
    if (b != null) {
      b.stop();
    }
    if (a != null) {
      a.stop();
    }
  }

  @Test
  void meterRegisteredOnNodeAIsVisibleOnNodeBWithItsObservation() {
    byte[] key = provision(b, "meter-c1", "id-c1"); // credentials written on B, handshake on A
    try (TestMeterClient client = client(a, "meter-c1", "id-c1", key)) {
      await("registered on A", WAIT, () -> a.handler().count("registered", "meter-c1") == 1);

      Registration onB = b.registrations().getRegistrationByEndpoint("meter-c1");
      assertThat(onB).isNotNull();
      MeterStatus status = b.live().get("meter-c1");
      assertThat(status.online()).isTrue();
      assertThat(status.node()).isEqualTo("node-1");
      await("observation of A visible on B", WAIT, () -> !b.registrations().getObservations(onB.getId()).isEmpty());
      Observation observation = b.registrations().getObservations(onB.getId()).iterator().next();
      assertThat(((SingleObservation) observation).getPath().toString()).isEqualTo("/3/0");
      assertThat(b.handler().count("registered", "meter-c1")).isZero();
    }
  }

  @Test
  void removingCredentialsOnNodeBDropsTheSessionHeldByNodeA() {
    byte[] key = provision(a, "meter-c2", "id-c2");
    try (TestMeterClient client = client(a, "meter-c2", "id-c2", key)) {
      await("registered on A", WAIT, () -> a.handler().count("registered", "meter-c2") == 1);

      b.credentials().remove("meter-c2");
      await("A's server told to drop the session", WAIT, () -> a.drops().contains("meter-c2"));
      client.client.triggerRegistrationUpdate();

      // a surviving session on A would reach the authorizer and be refused with FORBIDDEN
      await("update fails", WAIT, () -> client.saw("update-"));
      assertThat(client.events).doesNotContain("updated", "update-failed:FORBIDDEN");
      assertThat(a.handler().count("updated", "meter-c2")).isZero();
    }
  }

  private static byte[] provision(Node node, String meterId, String identity) {
    byte[] key = new byte[16];
    new java.security.SecureRandom().nextBytes(key);
    Instant now = Instant.now();
    node.credentials()
        .put(new Meter(meterId, "KPM31", "test", MeterSecurity.psk(identity, HexFormat.of().formatHex(key)), now, now));
    // the replicated map reaches the other node asynchronously
    Node other = node == a ? b : a;
    await("credentials replicated", WAIT, () -> other.credentials().getByIdentity(identity) != null);
    return key;
  }

  private static TestMeterClient client(Node node, String endpoint, String identity, byte[] key) {
    return new TestMeterClient(endpoint, node.server().coapsUri(), identity, key, 300).start();
  }
}
