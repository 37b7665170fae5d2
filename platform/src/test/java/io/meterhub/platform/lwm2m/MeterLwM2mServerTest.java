package io.meterhub.platform.lwm2m;

import static io.meterhub.platform.lwm2m.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.leshan.core.node.LwM2mObjectInstance;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One node, real Leshan PSK clients over real DTLS. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MeterLwM2mServerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static TestHeadEnd headEnd;
  private static HazelcastRegistrationStore registrations;
  private static HazelcastSecurityStore credentials;
  private static SimpleMeterRegistry metrics;
  private static RecordingHandler handler;
  private static MeterLwM2mServer server;
  private static final List<String> dropsRequested = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() {
    headEnd = TestHeadEnd.start(1);
    registrations = headEnd.registrations();
    credentials = headEnd.credentials();
    metrics = headEnd.metrics();
    handler = headEnd.handler();
    server = headEnd.server();
    // registered after the server's own listener (which drops DTLS connections): tells when the drop was requested
    credentials.addListener(
        (compromised, infos) -> {
          for (var info : infos) {
            dropsRequested.add(info.getEndpoint());
          }
        });
  }

  @AfterAll
  static void stopServer() {
    if (headEnd != null) {
      headEnd.close();
    }
  }

  @Test
  void coapsEndpointBoundsDuplicateDetectionPerMeterAndAsksForALargeReceiveBuffer() {
    var endpoint =
        (org.eclipse.leshan.server.californium.endpoint.CaliforniumServerEndpoint)
            server.leshan().getEndpoint(org.eclipse.leshan.core.endpoint.Protocol.COAPS);
    var config = endpoint.getCoapEndpoint().getConfig();

    assertThat(config.get(org.eclipse.californium.core.config.CoapConfig.DEDUPLICATOR))
        .isEqualTo(org.eclipse.californium.core.config.CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
    assertThat(config.get(org.eclipse.californium.core.config.CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES))
        .isEqualTo(MeterLwM2mServer.DEDUPLICATED_MESSAGES_PER_METER);
    assertThat(config.get(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_RECEIVE_BUFFER_SIZE))
        .isEqualTo(MeterLwM2mServer.UDP_RECEIVE_BUFFER_BYTES);
  }

  @Test
  void pskMeterRegistersAndItsObservedValuesReachTheHandler() {
    byte[] key = provision("meter-ok", "id-ok");
    try (TestMeterClient client = client("meter-ok", "id-ok", key)) {
      await("registration", WAIT, () -> handler.count("registered", "meter-ok") == 1);
      Registration registration = registrations.getRegistrationByEndpoint("meter-ok");
      assertThat(registration).isNotNull();
      assertThat(registration.getClientTransportData().getIdentity().isSecure()).isTrue();
      await("observation stored", WAIT, () -> registrations.getObservations(registration.getId()).size() == 1);
      await("first value (observe response)", WAIT, () -> batteryValues("meter-ok").contains(100L));

      client.device.setBattery(42);

      await("notification with the new battery level", WAIT, () -> batteryValues("meter-ok").contains(42L));
      assertThat(metrics.counter("meterhub.lwm2m.notifications").count()).isGreaterThanOrEqualTo(1);
      assertThat(handshakes("success")).isGreaterThanOrEqualTo(1);
      assertThat(metrics.get("meterhub.lwm2m.registrations").gauge().value()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void sendOperationValuesReachTheHandler() throws Exception {
    byte[] key = provision("meter-send", "id-send");
    try (TestMeterClient client = client("meter-send", "id-send", key)) {
      // The server may see the registration before the client has processed its answer.
      await("registration on both sides", WAIT, () -> handler.count("registered", "meter-send") == 1
          && !client.client.getRegisteredServers().isEmpty());
      double sendsBefore = metrics.counter("meterhub.lwm2m.sends").count();
      client.device.setBattery(77);

      var registered = client.client.getRegisteredServers().values().iterator().next();
      var response =
          client.client.getSendService().sendData(registered, ContentFormat.SENML_JSON, List.of("/3/0/9"), 5000);

      assertThat(response.isSuccess()).isTrue();
      await(
          "sent value delivered",
          WAIT,
          () -> handler.of("values", "meter-send").stream()
              .map(e -> e.nodes().get(new LwM2mPath("/3/0/9")))
              .anyMatch(n -> n instanceof LwM2mSingleResource r && Long.valueOf(77).equals(r.getValue())));
      assertThat(metrics.counter("meterhub.lwm2m.sends").count()).isEqualTo(sendsBefore + 1);
    }
  }

  @Test
  void wrongPskKeyFailsTheHandshakeAndNothingRegisters() {
    provision("meter-wrongkey", "id-wrongkey");
    double failuresBefore = handshakes("failure");
    byte[] wrongKey = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    try (TestMeterClient client = client("meter-wrongkey", "id-wrongkey", wrongKey)) {
      await("handshake failure counted", WAIT, () -> handshakes("failure") > failuresBefore);
      await("client gave up registering", WAIT, () -> client.saw("registration-"));
      assertThat(registrations.getRegistrationByEndpoint("meter-wrongkey")).isNull();
      assertThat(handler.count("registered", "meter-wrongkey")).isZero();
    }
  }

  @Test
  void identityOfAnotherMeterIsRefused() {
    byte[] keyA = provision("meter-a", "id-a");
    provision("meter-b", "id-b");
    try (TestMeterClient client = client("meter-b", "id-a", keyA)) {
      await("registration refused", WAIT, () -> client.saw("registration-failed:FORBIDDEN"));
      assertThat(registrations.getRegistrationByEndpoint("meter-b")).isNull();
      assertThat(handler.count("registered", "meter-b")).isZero();
    }
  }

  @Test
  void endpointWithoutCredentialsIsRefused() {
    byte[] key = provision("meter-known", "id-known");
    try (TestMeterClient client = client("meter-unknown", "id-known", key)) {
      await("registration refused", WAIT, () -> client.saw("registration-failed:FORBIDDEN"));
      assertThat(registrations.getRegistrationByEndpoint("meter-unknown")).isNull();
      assertThat(handler.count("registered", "meter-unknown")).isZero();
    }
  }

  @Test
  void rotatingTheKeyDropsTheSessionSoTheOldKeyNoLongerWorks() {
    byte[] oldKey = provision("meter-rotate", "id-rotate");
    try (TestMeterClient client = client("meter-rotate", "id-rotate", oldKey)) {
      await("registration", WAIT, () -> handler.count("registered", "meter-rotate") == 1);

      byte[] newKey = provision("meter-rotate", "id-rotate"); // same identity, new key
      awaitSessionDropRequested("meter-rotate");
      client.client.triggerRegistrationUpdate();

      // with the old session alive this update would succeed (same identity): it must fail instead
      await("update of the old session fails", WAIT, () -> client.saw("update-"));
      assertThat(client.saw("updated")).isFalse();
      assertThat(handler.count("updated", "meter-rotate")).isZero();
      client.close();

      try (TestMeterClient rotated = client("meter-rotate", "id-rotate", newKey)) {
        await("registration with the new key", WAIT, () -> handler.count("registered", "meter-rotate") == 2);
      }
    }
  }

  @Test
  void removingCredentialsDropsTheSession() {
    byte[] key = provision("meter-remove", "id-remove");
    try (TestMeterClient client = client("meter-remove", "id-remove", key)) {
      await("registration", WAIT, () -> handler.count("registered", "meter-remove") == 1);

      credentials.remove("meter-remove");
      awaitSessionDropRequested("meter-remove");
      client.client.triggerRegistrationUpdate();

      // a live session would reach the authorizer and get FORBIDDEN; a dropped one never gets an answer
      await("update fails", WAIT, () -> client.saw("update-"));
      assertThat(client.events).doesNotContain("updated", "update-failed:FORBIDDEN");
      assertThat(handler.count("updated", "meter-remove")).isZero();
      await("re-registration refused", WAIT, () -> client.saw("registration-"));
      assertThat(registrations.getRegistrationByEndpoint("meter-remove").getId())
          .as("the old registration stays until it expires")
          .isNotNull();
    }
  }

  /** Credential changes reach the connector asynchronously (replicated map event): wait for it. */
  private static void awaitSessionDropRequested(String endpoint) {
    await("session drop requested for " + endpoint, WAIT, () -> dropsRequested.contains(endpoint));
  }

  private static byte[] provision(String meterId, String identity) {
    byte[] key = new byte[16];
    new java.security.SecureRandom().nextBytes(key);
    Instant now = Instant.now();
    credentials.put(
        new Meter(meterId, "KPM31", "test", MeterSecurity.psk(identity, HexFormat.of().formatHex(key)), now, now));
    return key;
  }

  private static TestMeterClient client(String endpoint, String identity, byte[] key) {
    return new TestMeterClient(endpoint, server.coapsUri(), identity, key, 300).start();
  }

  private static double handshakes(String result) {
    return metrics.get("meterhub.dtls.handshakes").tag("result", result).counter().count();
  }

  private static List<Object> batteryValues(String endpoint) {
    return handler.of("values", endpoint).stream()
        .map(e -> e.nodes().get(new LwM2mPath("/3/0")))
        .filter(n -> n instanceof LwM2mObjectInstance)
        .map(n -> ((LwM2mObjectInstance) n).getResource(9))
        .filter(r -> r != null)
        .map(r -> r.getValue())
        .toList();
  }
}
