package io.meterhub.platform.audit;

import io.meterhub.platform.security.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Ed25519 key (Bouncy Castle) that signs audit tree heads, and verification with its public key. */
public final class AuditSigner {

  private static final Logger LOG = LoggerFactory.getLogger(AuditSigner.class);

  private final Ed25519PrivateKeyParameters privateKey;
  private final String publicKeyPem;
  private final String keyId;

  private AuditSigner(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    try {
      byte[] spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(privateKey.generatePublicKey()).getEncoded();
      this.publicKeyPem = Pem.encode("PUBLIC KEY", spki);
      this.keyId = HexFormat.of().formatHex(MerkleTree.sha256(spki));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh random key (not persisted). */
  public static AuditSigner generate() {
    return new AuditSigner(new Ed25519PrivateKeyParameters(new SecureRandom()));
  }

  /** The key in a PKCS#8 PEM ({@code PRIVATE KEY}) text. */
  public static AuditSigner fromPem(String pkcs8Pem) {
    try {
      AsymmetricKeyParameter key = PrivateKeyFactory.createKey(Pem.decode("PRIVATE KEY", pkcs8Pem));
      if (!(key instanceof Ed25519PrivateKeyParameters ed)) {
        throw new IllegalArgumentException("the audit signing key must be an Ed25519 key");
      }
      return new AuditSigner(ed);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable audit signing key: " + e.getMessage(), e);
    }
  }

  /** Reads the key from {@code file}, or generates one and stores it there (owner-only) when the file is absent. */
  public static AuditSigner loadOrCreate(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      if (!Files.exists(file)) {
        AuditSigner created = generate();
        try {
          Pem.writeOwnerOnly(file, created.privateKeyPem());
          LOG.info("Generated the audit signing key {} (key id {})", file, created.keyId());
          return created;
        } catch (FileAlreadyExistsException raced) {
          // Another start created it first: use that one.
        }
      }
      return fromPem(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the audit signing key " + file, e);
    }
  }

  private String privateKeyPem() throws IOException {
    return Pem.encode("PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey).getEncoded());
  }

  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** The public key as PEM ({@code PUBLIC KEY}, DER SubjectPublicKeyInfo). */
  public String publicKeyPem() {
    return publicKeyPem;
  }

  /** SHA-256 (hex) of the DER public key. */
  public String keyId() {
    return keyId;
  }

  /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by the key in {@code publicKeyPem}. */
  public static boolean verify(String publicKeyPem, byte[] message, byte[] signature) {
    Ed25519PublicKeyParameters key;
    try {
      AsymmetricKeyParameter parsed = PublicKeyFactory.createKey(Pem.decode("PUBLIC KEY", publicKeyPem));
      if (!(parsed instanceof Ed25519PublicKeyParameters ed)) {
        return false;
      }
      key = ed;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  /** SHA-256 (hex) of the DER public key in {@code publicKeyPem}. */
  public static String keyIdOf(String publicKeyPem) {
    return HexFormat.of().formatHex(MerkleTree.sha256(Pem.decode("PUBLIC KEY", publicKeyPem)));
  }
}
