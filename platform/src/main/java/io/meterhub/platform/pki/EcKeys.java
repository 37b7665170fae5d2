package io.meterhub.platform.pki;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** EC P-256 (secp256r1), the only curve the device contract's TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 uses here. */
public final class EcKeys {

  private EcKeys() {}

  /** A fresh P-256 key pair. */
  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available", e);
    }
  }

  /** Whether the DER SubjectPublicKeyInfo is an EC key on P-256. */
  public static boolean isP256(SubjectPublicKeyInfo info) {
    Objects.requireNonNull(info, "info");
    if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())) {
      return false;
    }
    ASN1Encodable curve = info.getAlgorithm().getParameters();
    return SECObjectIdentifiers.secp256r1.equals(curve);
  }

  /** Whether the key is an EC key on P-256. */
  public static boolean isP256(PublicKey key) {
    return isP256(SubjectPublicKeyInfo.getInstance(Objects.requireNonNull(key, "key").getEncoded()));
  }

  /**
   * The P-256 public key of a DER SubjectPublicKeyInfo.
   *
   * @throws IllegalArgumentException not DER, or not an EC P-256 key
   */
  public static PublicKey publicKey(byte[] der) {
    Objects.requireNonNull(der, "der");
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(der);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a DER SubjectPublicKeyInfo", e);
    }
    if (info == null || !isP256(info)) {
      throw new IllegalArgumentException("not an EC P-256 public key");
    }
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unreadable EC public key", e);
    }
  }
}
