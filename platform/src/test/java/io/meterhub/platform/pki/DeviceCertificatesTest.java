package io.meterhub.platform.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.meter.MeterRequests.NewMeter;
import io.meterhub.platform.meter.MeterRequests.SecuritySpec;
import io.meterhub.platform.meter.MeterService;
import io.meterhub.platform.testsupport.TestStores;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The PKI service on real H2 and a real Hazelcast member. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeviceCertificatesTest {

  private static final Clock CLOCK = Clock.systemUTC();
  private static TestStores stores;
  private static DeviceCertificates pki;
  private static PlatformCa ca;
  private static JdbcCertificateStore certificates;
  private static final List<String> dropped = new CopyOnWriteArrayList<>();
  private static MeterService meters;

  @BeforeAll
  static void start() {
    stores = new TestStores(CLOCK);
    ca = PlatformCa.create("test CA", CLOCK);
    ServerIdentity server = new ServerIdentity(EcKeys.generate().getPrivate(), new X509Certificate[] {
        ca.issueServer("server", EcKeys.generate().getPublic(), Duration.ofDays(1)), ca.certificate()});
    certificates = new JdbcCertificateStore(stores.database);
    meters = new MeterService(stores.meters, stores.live, stores.credentials, stores.readings, stores.audit,
        Set.of("KPM31"), CLOCK);
    pki = new DeviceCertificates(ca, server, certificates, new RevocationList(stores.hazelcast), dropped::add,
        meters, stores.audit, Duration.ofDays(365), CLOCK);
  }

  @AfterAll
  static void stop() {
    stores.close();
  }

  @BeforeEach
  void empty() {
    stores.clear();
    stores.sql("DELETE FROM pki_certificates");
    stores.sql("DELETE FROM pki_revocations");
    dropped.clear();
  }

  @Test
  void provisioningSwitchesTheMeterToX509AndRecordsTheCertificateButNotTheKey() {
    create("m-1");

    ProvisionedCredentials credentials = pki.provision("admin", "m-1", null).orElseThrow();

    assertThat(credentials.mode()).isEqualTo("x509");
    assertThat(stores.meters.find("m-1").orElseThrow().security().mode().name()).isEqualTo("X509");
    assertThat(certificates.forMeter("m-1")).extracting(IssuedCertificate::serial)
        .containsExactly(credentials.serial());
    assertThat(credentials.toString()).doesNotContain(credentials.privateKeyPem());
    String keyBody = credentials.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
    assertThat(stores.auditEntries()).filteredOn(e -> e.target() != null && e.target().equals("m-1"))
        .extracting(AuditEntry::action).contains("meter.credentials.generate", "meter.update");
    assertThat(stores.auditEntries()).allSatisfy(e -> assertThat(String.valueOf(e.details())).doesNotContain(keyBody));
    assertThat(pki.provision("admin", "no-such-meter", "x509")).isEmpty();
    assertThatThrownBy(() -> pki.provision("admin", "m-1", "psk")).isInstanceOf(ValidationException.class);
  }

  @Test
  void revokingByMeterRevokesEachUnrevokedCertificateOnceAndDropsTheSession() {
    create("m-2");
    String first = pki.provision("admin", "m-2", "x509").orElseThrow().serial();
    String second = pki.provision("admin", "m-2", "x509").orElseThrow().serial();

    List<Revocation> revoked = pki.revoke("admin", null, "m-2", "lost meter");

    assertThat(revoked).extracting(Revocation::serial).containsExactlyInAnyOrder(first, second);
    assertThat(pki.isRevoked(first) && pki.isRevoked(second)).isTrue();
    assertThat(dropped).containsExactly("m-2");
    assertThat(pki.revoke("admin", null, "m-2", "again")).isEmpty();
    assertThatThrownBy(() -> pki.revoke("admin", first, null, "again")).isInstanceOf(ConflictException.class);
    assertThat(stores.auditEntries()).filteredOn(e -> e.action().equals("pki.revoke")).hasSize(2);
  }

  @Test
  void aForeignSerialIsRevokedInAnyNotationAndTheNamedMetersSessionDropped() {
    List<Revocation> revoked = pki.revoke("admin", "00:0a:BC:de", "m-vendor", "vendor recall");

    assertThat(revoked).singleElement().satisfies(r -> {
      assertThat(r.serial()).isEqualTo("ABCDE");
      assertThat(r.meterId()).isEqualTo("m-vendor");
    });
    assertThat(pki.isRevoked("ABCDE")).isTrue();
    assertThat(dropped).containsExactly("m-vendor");
  }

  @Test
  void revocationInputsAreValidated() {
    assertThatThrownBy(() -> pki.revoke("admin", null, null, "why")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> pki.revoke("admin", "xyz", null, "why")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> pki.revoke("admin", "0A", null, " ")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> pki.revoke("admin", "0A", null, "x".repeat(257)))
        .isInstanceOf(ValidationException.class);
    assertThat(pki.isRevoked("A")).isFalse();
  }

  private static void create(String id) {
    meters.create("admin", new NewMeter(id, "KPM31", "test",
        new SecuritySpec("psk", id + "-id", "000102030405060708090a0b0c0d0e0f", null)));
  }
}
