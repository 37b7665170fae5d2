package io.meterhub.platform.lwm2m;

import static io.meterhub.platform.lwm2m.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.leshan.core.endpoint.Protocol;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * DTLS Connection ID: a real Leshan PSK client behind a NAT that rebinds (new source port, as a 4G carrier does) keeps
 * its DTLS session and registration, without a new handshake, in both directions.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionIdRebindingTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestHeadEnd headEnd;
  private static HazelcastRegistrationStore registrations;
  private static HazelcastSecurityStore credentials;
  private static SimpleMeterRegistry metrics;
  private static RecordingHandler handler;
  private static MeterLwM2mServer server;

  @BeforeAll
  static void startServer() {
    headEnd = TestHeadEnd.start(7);
    registrations = headEnd.registrations();
    credentials = headEnd.credentials();
    metrics = headEnd.metrics();
    handler = headEnd.handler();
    server = headEnd.server();
  }

  @AfterAll
  static void stopServer() {
    if (headEnd != null) {
      headEnd.close();
    }
  }

  @Test
  void connectionIdIsIssuedWithTheNodeIdAsPrefix() {
    var endpoint = (CaliforniumServerEndpoint) server.leshan().getEndpoint(Protocol.COAPS);
    var config = endpoint.getCoapEndpoint().getConfig();

    assertThat(config.get(DtlsConfig.DTLS_CONNECTION_ID_LENGTH)).isEqualTo(6);
    assertThat(config.get(DtlsConfig.DTLS_CONNECTION_ID_NODE_ID)).isEqualTo(7);
  }

  @Test
  void natRebindingKeepsSessionAndRegistrationWithoutANewHandshake() {
    byte[] key = new byte[16];
    new SecureRandom().nextBytes(key);
    Instant now = Instant.now();
    credentials.put(
        new Meter("meter-nat", "KPM31", "test", MeterSecurity.psk("id-nat", HexFormat.of().formatHex(key)), now, now));

    try (RebindingUdpProxy nat = new RebindingUdpProxy(server.coapsAddress());
        TestMeterClient client = new TestMeterClient("meter-nat", nat.uri(), "id-nat", key, 300).start()) {
      await("registered on both sides", WAIT,
          () -> handler.count("registered", "meter-nat") == 1 && client.saw("registered"));
      assertThat(registeredPort()).isEqualTo(nat.outwardPort());
      await("first value through the NAT", WAIT, () -> batteryValues().contains(100L));
      double handshakes = handshakes();
      int oldPort = nat.outwardPort();

      nat.rebind();
      assertThat(nat.outwardPort()).isNotEqualTo(oldPort);
      client.client.triggerRegistrationUpdate();

      await("update from the new port accepted", WAIT,
          () -> handler.count("updated", "meter-nat") == 1 && client.saw("updated"));
      assertThat(registeredPort()).as("registration follows the new address").isEqualTo(nat.outwardPort());
      client.device.setBattery(55);
      await("notification reaches the server after the rebinding", WAIT, () -> batteryValues().contains(55L));

      assertThat(handshakes()).as("no new DTLS handshake").isEqualTo(handshakes);
      assertThat(handler.count("registered", "meter-nat")).as("no new registration").isEqualTo(1);
      assertThat(client.events).doesNotContain("update-timeout").noneMatch(e -> e.startsWith("update-failed"));
    }
  }

  private static int registeredPort() {
    var peer = (IpPeer) registrations.getRegistrationByEndpoint("meter-nat").getClientTransportData();
    return peer.getSocketAddress().getPort();
  }

  private static double handshakes() {
    return metrics.get("meterhub.dtls.handshakes").tag("result", "success").counter().count();
  }

  private static List<Object> batteryValues() {
    return handler.of("values", "meter-nat").stream()
        .map(e -> e.nodes().get(new LwM2mPath("/3/0")))
        .filter(n -> n instanceof LwM2mObjectInstance)
        .map(n -> ((LwM2mObjectInstance) n).getResource(9))
        .filter(r -> r != null)
        .map(r -> r.getValue())
        .toList();
  }
}
