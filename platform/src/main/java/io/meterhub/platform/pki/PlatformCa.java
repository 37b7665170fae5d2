package io.meterhub.platform.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The platform's certificate authority: an EC P-256 key and a self-signed certificate that sign device certificates
 * (CN = endpoint name, client authentication) and the LwM2M server's own certificate (server authentication).
 */
public final class PlatformCa {

  /** Subject of a CA this platform creates itself. */
  public static final String DEFAULT_SUBJECT = "meterhub device CA";
  static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final Clock clock;

  /**
   * A CA from its certificate and key.
   *
   * @throws IllegalArgumentException the key does not belong to the certificate, or it is not a CA certificate
   */
  public PlatformCa(X509Certificate certificate, PrivateKey privateKey, Clock clock) {
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (certificate.getBasicConstraints() < 0) {
      throw new IllegalArgumentException("the CA certificate has no CA basic constraint");
    }
    if (!EcKeys.isP256(certificate.getPublicKey())) {
      throw new IllegalArgumentException("the CA key must be EC P-256");
    }
    if (!keyMatches(certificate.getPublicKey(), privateKey)) {
      throw new IllegalArgumentException("the CA private key does not belong to the CA certificate");
    }
  }

  /** A new self-signed CA. */
  public static PlatformCa create(String subject, Clock clock) {
    Objects.requireNonNull(subject, "subject");
    KeyPair keys = EcKeys.generate();
    Instant now = clock.instant();
    X500Name name = name(subject);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(Duration.ofHours(1))),
                  Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
      return new PlatformCa(sign(builder, keys.getPrivate()), keys.getPrivate(), clock);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the platform CA", e);
    }
  }

  public X509Certificate certificate() {
    return certificate;
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** A device certificate: CN = {@code endpoint}, client authentication, valid for {@code validity} from now. */
  public X509Certificate issueDevice(String endpoint, PublicKey key, Duration validity) {
    return issue(endpoint, key, validity, KeyPurposeId.id_kp_clientAuth);
  }

  /** The LwM2M server's certificate: CN = {@code name}, server authentication. */
  public X509Certificate issueServer(String name, PublicKey key, Duration validity) {
    return issue(name, key, validity, KeyPurposeId.id_kp_serverAuth);
  }

  private X509Certificate issue(String commonName, PublicKey key, Duration validity, KeyPurposeId purpose) {
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(validity, "validity");
    if (!EcKeys.isP256(key)) {
      throw new IllegalArgumentException("only EC P-256 keys are certified");
    }
    Instant now = clock.instant();
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(certificate, serial(), Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(validity)), name(commonName), key)
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
              .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key))
              .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
      return sign(builder, privateKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue a certificate", e);
    }
  }

  /** Whether {@code cert} was signed by this CA's key. */
  public boolean signed(X509Certificate cert) {
    try {
      cert.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Upper-case hex of a certificate serial: how serials are stored, revoked and shown. */
  public static String serialHex(X509Certificate cert) {
    return cert.getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static BigInteger serial() {
    BigInteger serial;
    do {
      serial = new BigInteger(127, RANDOM);
    } while (serial.signum() == 0);
    return serial;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE)
          .build(key)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
    try {
      byte[] probe = "meterhub-ca-key-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      java.security.Signature signer = java.security.Signature.getInstance(SIGNATURE);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(SIGNATURE);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
