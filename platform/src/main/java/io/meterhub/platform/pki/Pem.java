package io.meterhub.platform.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** PEM text of certificates, private keys and certification requests. */
public final class Pem {

  private Pem() {}

  /** PEM of a certificate, a private key (PKCS#8) or a public key (SubjectPublicKeyInfo). */
  public static String encode(Object value) {
    Objects.requireNonNull(value, "value");
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      if (value instanceof PrivateKey key) {
        writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null));
      } else {
        writer.writeObject(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** The first certificate in {@code pem}. */
  public static X509Certificate certificate(String pem) {
    Object object = read(pem);
    if (!(object instanceof X509CertificateHolder holder)) {
      throw new IllegalArgumentException("not a PEM certificate");
    }
    try {
      return new JcaX509CertificateConverter().getCertificate(holder);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("unreadable certificate", e);
    }
  }

  /** The private key in {@code pem} (PKCS#8, or a SEC1 EC key pair). */
  public static PrivateKey privateKey(String pem) {
    Object object = read(pem);
    try {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable private key", e);
    }
    throw new IllegalArgumentException("not a PEM private key");
  }

  /** The PKCS#10 certification request in {@code pem}. */
  public static PKCS10CertificationRequest certificationRequest(String pem) {
    Object object = read(pem);
    if (!(object instanceof PKCS10CertificationRequest request)) {
      throw new IllegalArgumentException("not a PEM certificate request");
    }
    return request;
  }

  private static Object read(String pem) {
    Objects.requireNonNull(pem, "pem");
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      if (object == null) {
        throw new IllegalArgumentException("no PEM object found");
      }
      return object;
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("malformed PEM", e);
    }
  }
}
