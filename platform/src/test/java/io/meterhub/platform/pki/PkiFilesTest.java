package io.meterhub.platform.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiFilesTest {

  private static final Clock CLOCK = Clock.systemUTC();

  @TempDir Path dataDir;

  @Test
  void caIsCreatedOnFirstStartWithAnOwnerOnlyKeyAndLoadedAgainAfterwards() throws Exception {
    PkiSettings settings = PkiSettings.defaults(dataDir);

    PlatformCa created = PkiFiles.ca(settings, CLOCK);
    PlatformCa loaded = PkiFiles.ca(settings, CLOCK);

    assertThat(loaded.certificate()).isEqualTo(created.certificate());
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("pki/ca.key.pem")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("pki")))
        .doesNotContain(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    assertThat(created.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void configuredCaAndTrustedCasAreLoadedFromPem() throws Exception {
    PlatformCa external = PlatformCa.create("operator CA", CLOCK);
    PlatformCa vendor = PlatformCa.create("vendor CA", CLOCK);
    Path cert = Files.writeString(dataDir.resolve("ca.pem"), Pem.encode(external.certificate()));
    Path key = Files.writeString(dataDir.resolve("ca.key"), Pem.encode(external.privateKey()));
    Path trusted = Files.writeString(dataDir.resolve("trusted.pem"), Pem.encode(vendor.certificate()));
    PkiSettings settings = PkiSettings.from(Map.of("METERHUB_PKI_CA_CERT", cert.toString(),
        "METERHUB_PKI_CA_KEY", key.toString(), "METERHUB_PKI_TRUSTED_CAS", trusted.toString()), dataDir);

    PlatformCa ca = PkiFiles.ca(settings, CLOCK);

    assertThat(ca.certificate()).isEqualTo(external.certificate());
    assertThat(Files.exists(dataDir.resolve("pki/ca.key.pem"))).as("no CA of its own").isFalse();
    assertThat(PkiFiles.trustAnchors(settings, ca)).containsExactly(external.certificate(), vendor.certificate());
  }

  @Test
  void aKeyThatDoesNotBelongToTheCaCertificateIsRefused() throws Exception {
    PlatformCa one = PlatformCa.create("one", CLOCK);
    PlatformCa two = PlatformCa.create("two", CLOCK);

    assertThatThrownBy(() -> new PlatformCa(one.certificate(), two.privateKey(), CLOCK))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
    assertThatThrownBy(() -> PkiSettings.from(Map.of("METERHUB_PKI_CA_CERT", "/x.pem"), dataDir))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("together");
  }

  @Test
  void serverIdentityIsKeptAcrossRestartsAndReissuedForAnotherCa() {
    PkiSettings settings = PkiSettings.defaults(dataDir);
    PlatformCa ca = PkiFiles.ca(settings, CLOCK);

    ServerIdentity first = PkiFiles.server(settings, ca, CLOCK);
    ServerIdentity again = PkiFiles.server(settings, ca, CLOCK);
    ServerIdentity otherCa = PkiFiles.server(settings, PlatformCa.create("replacement CA", CLOCK), CLOCK);

    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(again.publicKey()).isEqualTo(first.publicKey());
    assertThat(ca.signed(first.certificate())).isTrue();
    assertThat(first.chain()).containsExactly(first.certificate(), ca.certificate());
    assertThat(otherCa.certificate()).isNotEqualTo(first.certificate());
  }

  @Test
  void deviceCertificatesNameTheEndpointAndAreForClientAuthentication() throws Exception {
    PlatformCa ca = PlatformCa.create("test", CLOCK);
    KeyPair keys = EcKeys.generate();

    X509Certificate cert = ca.issueDevice("urn:imei:1", keys.getPublic(), Duration.ofDays(30));

    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=urn:imei:1");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(ca.signed(cert)).isTrue();
    assertThat(PkiFiles.parseCertificates(Pem.encode(cert) + Pem.encode(ca.certificate()))).hasSize(2);
    assertThatThrownBy(() -> ca.issueDevice("x", rsaKey(), Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(List.of(cert.getSerialNumber().signum())).containsExactly(1);
  }

  private static java.security.PublicKey rsaKey() throws Exception {
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(1024);
    return rsa.generateKeyPair().getPublic();
  }
}
