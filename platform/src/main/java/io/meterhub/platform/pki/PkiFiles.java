package io.meterhub.platform.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the device PKI at start: the platform CA (configured PEM files, else created once under the data dir with
 * an owner-only key file), the server identity (configured, else issued by the CA and kept next to it) and the
 * extra trusted CAs.
 */
public final class PkiFiles {

  private static final Logger LOG = LoggerFactory.getLogger(PkiFiles.class);
  static final String CA_CERT = "ca.crt.pem";
  static final String CA_KEY = "ca.key.pem";
  static final String SERVER_CERT = "server.crt.pem";
  static final String SERVER_KEY = "server.key.pem";
  /** CN of the server certificate the platform issues itself. */
  public static final String SERVER_NAME = "meterhub LwM2M server";
  static final Duration SERVER_VALIDITY = Duration.ofDays(2 * 365);
  static final Duration SERVER_RENEW_BEFORE = Duration.ofDays(30);

  private PkiFiles() {}

  /** The configured CA, or the one under {@code settings.dir()}, created there on first start. */
  public static PlatformCa ca(PkiSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    if (settings.caCert().isPresent()) {
      return new PlatformCa(
          readCertificate(settings.caCert().get()), Pem.privateKey(read(settings.caKey().get())), clock);
    }
    Path cert = settings.dir().resolve(CA_CERT);
    Path key = settings.dir().resolve(CA_KEY);
    if (Files.exists(cert) && Files.exists(key)) {
      return new PlatformCa(readCertificate(cert), Pem.privateKey(read(key)), clock);
    }
    PlatformCa ca = PlatformCa.create(PlatformCa.DEFAULT_SUBJECT, clock);
    writePrivate(settings.dir(), key, Pem.encode(ca.privateKey()));
    write(cert, Pem.encode(ca.certificate()));
    LOG.info(
        "Created the platform device CA under {} (serial {})", settings.dir(), PlatformCa.serialHex(ca.certificate()));
    return ca;
  }

  /**
   * The configured server identity, or the one under {@code settings.dir()}: issued by {@code ca} when missing, not
   * signed by {@code ca}, or expiring within 30 days.
   */
  public static ServerIdentity server(PkiSettings settings, PlatformCa ca, Clock clock) {
    Objects.requireNonNull(ca, "ca");
    if (settings.serverCert().isPresent()) {
      List<X509Certificate> chain = readCertificates(settings.serverCert().get());
      return new ServerIdentity(
          Pem.privateKey(read(settings.serverKey().get())), chain.toArray(X509Certificate[]::new));
    }
    Path cert = settings.dir().resolve(SERVER_CERT);
    Path key = settings.dir().resolve(SERVER_KEY);
    if (Files.exists(cert) && Files.exists(key)) {
      X509Certificate existing = readCertificate(cert);
      boolean fresh = existing.getNotAfter().toInstant().isAfter(clock.instant().plus(SERVER_RENEW_BEFORE));
      if (fresh && ca.signed(existing)) {
        return new ServerIdentity(Pem.privateKey(read(key)), new X509Certificate[] {existing, ca.certificate()});
      }
    }
    KeyPair keys = EcKeys.generate();
    X509Certificate issued = ca.issueServer(SERVER_NAME, keys.getPublic(), SERVER_VALIDITY);
    writePrivate(settings.dir(), key, Pem.encode(keys.getPrivate()));
    write(cert, Pem.encode(issued));
    LOG.info("Issued the LwM2M server certificate (serial {})", PlatformCa.serialHex(issued));
    return new ServerIdentity(keys.getPrivate(), new X509Certificate[] {issued, ca.certificate()});
  }

  /** The CAs devices may chain to: the platform CA plus the configured trusted CAs. */
  public static List<X509Certificate> trustAnchors(PkiSettings settings, PlatformCa ca) {
    List<X509Certificate> anchors = new ArrayList<>();
    anchors.add(ca.certificate());
    settings.trustedCas().ifPresent(path -> anchors.addAll(readCertificates(path)));
    return List.copyOf(anchors);
  }

  /** Every certificate in a PEM file or text. */
  public static List<X509Certificate> parseCertificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (o instanceof X509CertificateHolder holder) {
          certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
        }
      }
    } catch (IOException | CertificateException e) {
      throw new IllegalArgumentException("unreadable PEM certificates", e);
    }
    return certificates;
  }

  private static List<X509Certificate> readCertificates(Path path) {
    List<X509Certificate> certificates = parseCertificates(read(path));
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificate in " + path);
    }
    return certificates;
  }

  private static X509Certificate readCertificate(Path path) {
    return readCertificates(path).get(0);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  private static void write(Path path, String text) {
    try {
      Files.writeString(path, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Creates the file owner-only before the key is written into it (no window with wider permissions). */
  private static void writePrivate(Path dir, Path path, String text) {
    try {
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      if (!Files.exists(dir)) {
        if (posix) {
          Files.createDirectories(
              dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      Files.deleteIfExists(path);
      if (posix) {
        Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(path);
      }
      Files.writeString(path, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
