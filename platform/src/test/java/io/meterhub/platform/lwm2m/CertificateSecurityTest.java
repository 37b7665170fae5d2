package io.meterhub.platform.lwm2m;

import static io.meterhub.platform.lwm2m.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterObjectModels;
import io.meterhub.models.ProductProfiles;
import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.models.client.SimulatedMeterBuilder;
import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.pki.EcKeys;
import io.meterhub.platform.pki.PlatformCa;
import io.meterhub.platform.pki.Revocation;
import io.meterhub.platform.pki.RevocationList;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.leshan.core.node.LwM2mPath;
import org.eclipse.leshan.core.request.ContentFormat;
import org.eclipse.leshan.core.response.SendResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One node with a server certificate from a platform CA; real Leshan meters (the reference {@link SimulatedMeter})
 * with raw public keys and X.509 certificates over real DTLS (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CertificateSecurityTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ENERGY = "/10243/0/14";

  private static ClusterMember member;
  private static HazelcastSecurityStore credentials;
  private static RevocationList revocations;
  private static SimpleMeterRegistry metrics;
  private static RecordingHandler handler;
  private static MeterLwM2mServer server;
  private static PlatformCa ca;
  private static PlatformCa trustedCa;
  private static PlatformCa untrustedCa;
  private static KeyPair serverKeys;
  private static X509Certificate serverCert;
  private static final List<String> dropsRequested = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() {
    member = TestCluster.member(1, TestCluster.randomClusterName());
    credentials = new HazelcastSecurityStore(member.hazelcast());
    revocations = new RevocationList(member.hazelcast());
    metrics = new SimpleMeterRegistry();
    handler = new RecordingHandler();
    ca = PlatformCa.create("test platform CA", Clock.systemUTC());
    trustedCa = PlatformCa.create("test vendor CA", Clock.systemUTC());
    untrustedCa = PlatformCa.create("rogue CA", Clock.systemUTC());
    serverKeys = EcKeys.generate();
    serverCert = ca.issueServer("test server", serverKeys.getPublic(), Duration.ofDays(1));
    server =
        MeterLwM2mServer.builder()
            .registrationStore(new HazelcastRegistrationStore(member.hazelcast()))
            .securityStore(credentials)
            .models(MeterObjectModels.all())
            .handler(handler)
            .metrics(metrics)
            .nodeId(1)
            .coaps("127.0.0.1", 0)
            .requestTimeout(Duration.ofSeconds(5))
            .serverCertificate(serverKeys.getPrivate(), serverCert, ca.certificate())
            .deviceTrust(List.of(ca.certificate(), trustedCa.certificate()), revocations::isRevoked)
            .build();
    server.start();
    // registered after the server's own listener (which drops DTLS connections): tells when the drop was requested
    credentials.addListener((compromised, infos) -> {
      for (var info : infos) {
        dropsRequested.add(info.getEndpoint());
      }
    });
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    if (member != null) {
      member.close();
    }
  }

  @Test
  void rpkMeterRegistersAndReports() throws Exception {
    KeyPair keys = EcKeys.generate();
    provision("rpk-ok", MeterSecurity.rpk(base64(keys)));
    try (SimulatedMeter meter = meter("rpk-ok", b -> b.rpk(keys, serverKeys.getPublic()))) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      assertRegisteredAndReports(meter, "rpk-ok");
    }
  }

  @Test
  void x509MeterRegistersAndReports() throws Exception {
    KeyPair keys = EcKeys.generate();
    X509Certificate cert = ca.issueDevice("x509-ok", keys.getPublic(), Duration.ofDays(1));
    provision("x509-ok", MeterSecurity.x509());
    try (SimulatedMeter meter = meter("x509-ok", b -> b.x509(cert, keys.getPrivate(), serverCert))) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      assertRegisteredAndReports(meter, "x509-ok");
    }
  }

  @Test
  void x509MeterWithACertificateFromAConfiguredTrustedCaRegisters() throws Exception {
    KeyPair keys = EcKeys.generate();
    X509Certificate cert = trustedCa.issueDevice("x509-vendor", keys.getPublic(), Duration.ofDays(1));
    provision("x509-vendor", MeterSecurity.x509());
    try (SimulatedMeter meter = meter("x509-vendor", b -> b.x509(cert, keys.getPrivate(), serverCert))) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      // The client may know it is registered before the server's handler has run.
      await("registration seen by the server", WAIT, () -> handler.count("registered", "x509-vendor") == 1);
    }
  }

  @Test
  void wrongRpkKeyIsRefused() {
    provision("rpk-wrong", MeterSecurity.rpk(base64(EcKeys.generate())));
    KeyPair other = EcKeys.generate();
    ClientEvents events = new ClientEvents();
    try (SimulatedMeter meter = meter("rpk-wrong", b -> b.rpk(other, serverKeys.getPublic()))) {
      meter.leshanClient().addObserver(events);
      meter.start();
      await("registration refused", WAIT, () -> events.saw("registration-failed:FORBIDDEN"));
      assertThat(handler.count("registered", "rpk-wrong")).isZero();
      assertThat(meter.isRegistered()).isFalse();
    }
  }

  @Test
  void certificateForAnotherEndpointIsRefused() {
    KeyPair keys = EcKeys.generate();
    provision("x509-victim", MeterSecurity.x509());
    provision("x509-thief", MeterSecurity.x509());
    X509Certificate thiefCert = ca.issueDevice("x509-thief", keys.getPublic(), Duration.ofDays(1));
    ClientEvents events = new ClientEvents();
    try (SimulatedMeter meter = meter("x509-victim", b -> b.x509(thiefCert, keys.getPrivate(), serverCert))) {
      meter.leshanClient().addObserver(events);
      meter.start();
      await("registration refused", WAIT, () -> events.saw("registration-failed:FORBIDDEN"));
      assertThat(handler.count("registered", "x509-victim")).isZero();
    }
  }

  @Test
  void certificateFromAnUntrustedCaFailsTheHandshake() {
    KeyPair keys = EcKeys.generate();
    provision("x509-rogue", MeterSecurity.x509());
    X509Certificate rogue = untrustedCa.issueDevice("x509-rogue", keys.getPublic(), Duration.ofDays(1));
    double failuresBefore = handshakes("failure");
    ClientEvents events = new ClientEvents();
    try (SimulatedMeter meter = meter("x509-rogue", b -> b.x509(rogue, keys.getPrivate(), serverCert))) {
      meter.leshanClient().addObserver(events);
      meter.start();
      await("handshake failure counted", WAIT, () -> handshakes("failure") > failuresBefore);
      await("client gave up registering", WAIT, () -> events.saw("registration-"));
      assertThat(events.saw("registered")).isFalse();
      assertThat(handler.count("registered", "x509-rogue")).isZero();
    }
  }

  @Test
  void revokedCertificateLosesItsSessionAndIsRefusedOnTheNextHandshake() throws Exception {
    KeyPair keys = EcKeys.generate();
    X509Certificate cert = ca.issueDevice("x509-revoked", keys.getPublic(), Duration.ofDays(1));
    provision("x509-revoked", MeterSecurity.x509());
    ClientEvents events = new ClientEvents();
    try (SimulatedMeter meter = meter("x509-revoked", b -> b.x509(cert, keys.getPrivate(), serverCert))) {
      meter.leshanClient().addObserver(events);
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      await("registration seen by the server", WAIT, () -> handler.count("registered", "x509-revoked") == 1);
      double failuresBefore = handshakes("failure");

      revocations.add(new Revocation(PlatformCa.serialHex(cert), "x509-revoked", "key compromise", Instant.now(),
          "test"));
      credentials.dropSessions("x509-revoked");
      await("session drop requested", WAIT, () -> dropsRequested.contains("x509-revoked"));
      long updatesBefore = handler.count("updated", "x509-revoked");
      int mark = events.events.size();
      meter.triggerUpdate();

      // a live session would carry the update: the dropped one never answers, and the new handshake is refused
      await("update fails", WAIT, () -> events.since(mark).stream().anyMatch(e -> e.startsWith("update-")));
      assertThat(events.since(mark)).doesNotContain("updated");
      assertThat(handler.count("updated", "x509-revoked")).isEqualTo(updatesBefore);
      await("re-handshake refused", WAIT, () -> handshakes("failure") > failuresBefore);
      await("re-registration fails", WAIT,
          () -> events.since(mark).stream().anyMatch(e -> e.startsWith("registration-")));
      assertThat(events.since(mark)).doesNotContain("registered");
      assertThat(handler.count("registered", "x509-revoked")).isEqualTo(1);
    }
  }

  private static void assertRegisteredAndReports(SimulatedMeter meter, String endpoint) throws Exception {
    await("registration seen by the server", WAIT, () -> handler.count("registered", endpoint) == 1);
    meter.singlePhaseMeter().setEnergyWh(4_321_000);
    SendResponse response = meter.send(ContentFormat.SENML_JSON, ENERGY);
    assertThat(response.isSuccess()).isTrue();
    await("reported energy delivered", WAIT,
        () -> handler.of("values", endpoint).stream().anyMatch(e -> e.nodes().containsKey(new LwM2mPath(ENERGY))));
    assertThat(handshakes("success")).isGreaterThanOrEqualTo(1);
  }

  private static void provision(String meterId, MeterSecurity security) {
    Instant now = Instant.now();
    credentials.put(new Meter(meterId, "KPM31", "test", security, now, now));
  }

  private static SimulatedMeter meter(String endpoint, Consumer<SimulatedMeterBuilder> security) {
    SimulatedMeterBuilder builder =
        SimulatedMeter.builder()
            .endpoint(endpoint)
            .profile(ProductProfiles.find("KPM31").orElseThrow())
            .serverUri(server.coapsUri())
            .requestTimeout(Duration.ofSeconds(5))
            .lifetime(Duration.ofMinutes(5));
    security.accept(builder);
    return builder.build();
  }

  private static String base64(KeyPair keys) {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  private static double handshakes(String result) {
    return metrics.get("meterhub.dtls.handshakes").tag("result", result).counter().count();
  }
}
