package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.client.SimulatedMeter;
import io.meterhub.platform.lwm2m.ClientEvents;
import io.meterhub.platform.pki.EcKeys;
import io.meterhub.platform.pki.Pem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real node's device PKI through the REST API, with real meters over DTLS using what the API handed out. */
@Timeout(240)
class PkiEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path dataDir;
  private static PlatformFixture platform;

  @BeforeAll
  static void startPlatform() {
    platform = PlatformFixture.start(dataDir, "pki-" + UUID.randomUUID(), 1, List.of());
  }

  @AfterAll
  static void stopPlatform() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void caCertificateIsPublicAndItsKeyIsOwnerOnly() throws Exception {
    HttpResponse<String> ca = platform.call("GET", "/api/v1/pki/ca", null, null);

    assertThat(ca.statusCode()).isEqualTo(200);
    X509Certificate cert = Pem.certificate(new JsonObject(ca.body()).getString("certificate"));
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("pki/ca.key.pem")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void generatedX509CredentialsAreReturnedOnceAndTheMeterRegistersAndReportsWithThem() throws Exception {
    String id = "urn:imei:861234567899001";
    platform.createMeter(id, "KPM31", "north/pki", "861234567899001", "00112233445566778899aabbccddeeff");

    HttpResponse<String> response = platform.call("POST", path(id) + "/credentials", platform.adminToken(),
        new JsonObject().put("mode", "x509"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    JsonObject credentials = new JsonObject(response.body());
    String privateKeyPem = credentials.getString("privateKey");
    X509Certificate cert = Pem.certificate(credentials.getString("certificate"));
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + id);
    JsonObject view = platform.getJson(path(id));
    assertThat(view.getJsonObject("security").getString("mode")).isEqualTo("x509");
    assertThat(view.encode()).doesNotContain(body(privateKeyPem)).doesNotContain("privateKey");
    assertThat(auditDetails("meter.credentials.generate")).isNotEmpty()
        .allSatisfy(details -> assertThat(details).doesNotContain(body(privateKeyPem)));

    try (SimulatedMeter meter = platform.meter(id, "KPM31", "unused", "00", b -> b.x509(
        cert, Pem.privateKey(privateKeyPem), Pem.certificate(credentials.getString("serverCertificate"))))) {
      meter.singlePhaseMeter().setInstantaneous(230.0, 1.0, 0.23, 1.0);
      meter.singlePhaseMeter().setEnergyWh(7_000);
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      await("the API shows the x509 meter online with a reading", WAIT, () -> {
        JsonObject live = platform.getJson(path(id));
        return live.getBoolean("online") && live.getJsonObject("latest") != null;
      });
    }
  }

  @Test
  void generatedRpkCredentialsLetTheMeterRegister() throws Exception {
    String id = "urn:imei:861234567899002";
    platform.createMeter(id, "KPM31", "north/pki", "861234567899002", "00112233445566778899aabbccddeeff");

    JsonObject credentials = new JsonObject(platform.call("POST", path(id) + "/credentials", platform.adminToken(),
        new JsonObject().put("mode", "rpk")).body());

    assertThat(credentials.getString("certificate")).isNull();
    PrivateKey privateKey = Pem.privateKey(credentials.getString("privateKey"));
    KeyPair keys = new KeyPair(publicKey(credentials.getString("publicKey")), privateKey);
    PublicKey serverKey = publicKey(credentials.getString("serverPublicKey"));
    try (SimulatedMeter meter = platform.meter(id, "KPM31", "unused", "00", b -> b.rpk(keys, serverKey))) {
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
    }
  }

  @Test
  void certificateFromACsrWorksUntilRevokedThenItsSessionDropsAndItIsRefused() throws Exception {
    String id = "urn:imei:861234567899003";
    platform.createMeter(id, "KPM31", "north/pki", "861234567899003", "00112233445566778899aabbccddeeff");
    platform.call("PATCH", path(id), platform.adminToken(),
        new JsonObject().put("security", new JsonObject().put("mode", "x509")));
    KeyPair keys = EcKeys.generate();
    String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + id), keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    X509Certificate server = serverCertificate();

    HttpResponse<String> forbidden = platform.call("POST", "/api/v1/pki/csr", platform.tokenFor("operator"),
        new JsonObject().put("csr", csr));
    HttpResponse<String> issued = platform.call("POST", "/api/v1/pki/csr", platform.adminToken(),
        new JsonObject().put("csr", csr));

    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
    X509Certificate cert = Pem.certificate(new JsonObject(issued.body()).getString("certificate"));
    ClientEvents events = new ClientEvents();
    try (SimulatedMeter meter = platform.meter(id, "KPM31", "unused", "00",
        b -> b.x509(cert, keys.getPrivate(), server).requestTimeout(Duration.ofSeconds(5)))) {
      meter.leshanClient().addObserver(events);
      meter.start();
      assertThat(meter.awaitRegistered(WAIT)).isTrue();
      // Observers are told one after another: wait until this one, too, has recorded the registration.
      await("the test observer saw the registration", WAIT, () -> events.saw("registered"));
      int mark = events.events.size();

      HttpResponse<String> revoked = platform.call("POST", "/api/v1/pki/revocations", platform.adminToken(),
          new JsonObject().put("meterId", id).put("reason", "key compromise"));
      assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
      JsonArray items = new JsonObject(revoked.body()).getJsonArray("items");
      assertThat(items.getJsonObject(0).getString("serial"))
          .isEqualTo(new JsonObject(issued.body()).getString("serial"));
      assertThat(platform.call("POST", "/api/v1/pki/revocations", platform.adminToken(),
          new JsonObject().put("serial", items.getJsonObject(0).getString("serial")).put("reason", "again"))
          .statusCode()).isEqualTo(409);

      // the dropped session cannot carry the update; the new handshake with the revoked certificate is refused
      await("the session is gone", WAIT, () -> {
        meter.triggerUpdate();
        return events.since(mark).stream().anyMatch(e -> e.startsWith("update-"));
      });
      await("re-registration refused", WAIT,
          () -> events.since(mark).stream().anyMatch(e -> e.startsWith("registration-")));
      assertThat(events.since(mark)).doesNotContain("registered", "updated");
      assertThat(platform.call("GET", "/metrics", null, null).body())
          .containsPattern("meterhub_dtls_handshakes_total\\{[^}]*result=\"failure\"[^}]*\\} [1-9]");
    }
    assertThat(auditDetails("pki.revoke")).anySatisfy(d -> assertThat(d).contains("key compromise"));
    String serial = new JsonObject(issued.body()).getString("serial");
    assertThat(auditDetails("pki.issue")).anySatisfy(d -> assertThat(d).contains(serial));
  }

  @Test
  void csrForAnUnknownMeterOrWithAWrongKeyIsRefused() throws Exception {
    KeyPair keys = EcKeys.generate();
    String unknown = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=no-such-meter"),
        keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

    HttpResponse<String> refused = platform.call("POST", "/api/v1/pki/csr", platform.adminToken(),
        new JsonObject().put("csr", unknown));
    HttpResponse<String> garbage = platform.call("POST", "/api/v1/pki/csr", platform.adminToken(),
        new JsonObject().put("csr", "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n"));

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("csr");
    assertThat(garbage.statusCode()).isEqualTo(400);
  }

  private static X509Certificate serverCertificate() {
    // the server certificate a node keeps next to its CA (handed to meters at provisioning)
    try {
      return Pem.certificate(Files.readString(dataDir.resolve("pki/server.crt.pem")));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> auditDetails(String action) {
    JsonArray items = platform.getJson("/api/v1/audit?action=" + action).getJsonArray("items");
    return items.stream().map(o -> String.valueOf(((JsonObject) o).getValue("details"))).toList();
  }

  private static PublicKey publicKey(String base64) throws Exception {
    return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** The base64 body of a PEM (what would leak if key material were logged or rendered). */
  private static String body(String pem) {
    return pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat).substring(0, 40);
  }

  private static String path(String id) {
    return "/api/v1/meters/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }
}
