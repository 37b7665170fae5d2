package io.meterhub.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate and key the HTTPS listener serves: the configured PEM files, or a self-signed ECDSA P-256
 * certificate generated on first start (Bouncy Castle ASN.1) and kept under the data directory for later starts.
 */
public final class TlsMaterial {

  private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);
  static final String CERT_FILE = "server-cert.pem";
  static final String KEY_FILE = "server-key.pem";
  private static final Duration VALIDITY = Duration.ofDays(825);

  /** PEM files of a certificate chain and its PKCS#8 key. */
  public record PemFiles(Path certFile, Path keyFile) {}

  private TlsMaterial() {}

  /** The files to serve; generates the self-signed pair when none is configured and none was generated before. */
  public static PemFiles resolve(HttpsOptions options, String bindHost) {
    Objects.requireNonNull(options, "options");
    if (options.certFile().isPresent()) {
      return new PemFiles(options.certFile().get(), options.keyFile().orElseThrow());
    }
    Path cert = options.generatedDir().resolve(CERT_FILE);
    Path key = options.generatedDir().resolve(KEY_FILE);
    if (Files.exists(cert) && Files.exists(key)) {
      return new PemFiles(cert, key);
    }
    if (Files.exists(key)) {
      throw new IllegalStateException(key + " exists without " + cert + ": restore the certificate or remove both");
    }
    generate(cert, key, bindHost);
    return new PemFiles(cert, key);
  }

  static void generate(Path certFile, Path keyFile, String bindHost) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      byte[] der = selfSigned(pair, names(bindHost), Instant.now());
      Pem.writeOwnerOnly(keyFile, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
      Files.writeString(certFile, Pem.encode("CERTIFICATE", der));
      LOG.info("Generated a self-signed HTTPS certificate {} (key {}, owner-only); clients must trust it explicitly",
          certFile, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the self-signed HTTPS certificate", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the self-signed HTTPS certificate", e);
    }
  }

  private static List<GeneralName> names(String bindHost) {
    List<GeneralName> names = new ArrayList<>();
    names.add(new GeneralName(GeneralName.dNSName, "localhost"));
    names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    names.add(new GeneralName(GeneralName.iPAddress, "::1"));
    try {
      String host = InetAddress.getLocalHost().getHostName();
      if (!host.equals("localhost") && !host.isBlank()) {
        names.add(new GeneralName(GeneralName.dNSName, host));
      }
    } catch (IOException e) {
      LOG.debug("no local host name for the certificate: {}", e.toString());
    }
    if (bindHost != null && !bindHost.isBlank() && !bindHost.equals("0.0.0.0") && !bindHost.equals("::")
        && !bindHost.equals("127.0.0.1")) {
      boolean ip = bindHost.chars().allMatch(ch -> Character.digit(ch, 16) >= 0 || ch == '.' || ch == ':');
      names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, bindHost));
    }
    return names;
  }

  static byte[] selfSigned(KeyPair pair, List<GeneralName> names, Instant now)
      throws IOException, GeneralSecurityException {
    X500Name subject = new X500Name("CN=meterhub");
    AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
    tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, new SecureRandom()).add(BigInteger.ONE)));
    tbs.setIssuer(subject);
    tbs.setSubject(subject);
    tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofDays(1)))));
    tbs.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
    tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
    tbs.setSignature(algorithm);
    ExtensionsGenerator extensions = new ExtensionsGenerator();
    extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    extensions.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    extensions.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(names.toArray(new GeneralName[0])));
    tbs.setExtensions(extensions.generate());
    TBSCertificate certificate = tbs.generateTBSCertificate();
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(pair.getPrivate());
    signer.update(certificate.getEncoded(ASN1Encoding.DER));
    ASN1EncodableVector parts = new ASN1EncodableVector();
    parts.add(certificate);
    parts.add(algorithm);
    parts.add(new DERBitString(signer.sign()));
    return Certificate.getInstance(new DERSequence(parts)).getEncoded(ASN1Encoding.DER);
  }
}
