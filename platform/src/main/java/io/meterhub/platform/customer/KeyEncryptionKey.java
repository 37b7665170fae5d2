package io.meterhub.platform.customer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The vault's key-encryption key (KEK): 32 bytes of AES key from configuration that wraps the data keys. Its
 * {@link #id()} is a fingerprint (SHA-256 over a label and the key, first 8 bytes hex), stored next to each wrapped data
 * key so the vault knows which configured key unwraps it; the key itself is never stored in the database or logged.
 */
public final class KeyEncryptionKey {

  private static final int LENGTH = 32;

  private final SecretKey key;
  private final String id;

  private KeyEncryptionKey(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a vault key must be " + LENGTH + " bytes, got " + bytes.length);
    }
    this.key = new SecretKeySpec(bytes.clone(), "AES");
    this.id = fingerprint(bytes);
  }

  /** A key from its base64 form; IllegalArgumentException (without the value) when malformed. */
  public static KeyEncryptionKey fromBase64(String base64) {
    Objects.requireNonNull(base64, "base64");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a vault key must be base64", null);
    }
    return new KeyEncryptionKey(bytes);
  }

  /** A key from raw bytes (copied). */
  public static KeyEncryptionKey of(byte[] bytes) {
    return new KeyEncryptionKey(Objects.requireNonNull(bytes, "bytes"));
  }

  public String id() {
    return id;
  }

  SecretKey secretKey() {
    return key;
  }

  /** A sub-key for a purpose (HMAC-SHA256 of the label under this key), e.g. for pseudonymous references. */
  byte[] derive(String label) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
      return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String fingerprint(byte[] bytes) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("meterhub-vault-kek-id\0".getBytes(StandardCharsets.UTF_8));
      byte[] digest = sha.digest(bytes);
      return "kek-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Only the fingerprint: a key object may end up in a log line by accident. */
  @Override
  public String toString() {
    return "KeyEncryptionKey[" + id + "]";
  }
}
