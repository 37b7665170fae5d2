package io.meterhub.platform.customer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per value and caller-given associated data (for vault fields: the
 * customer id and the field name, so a ciphertext copied to another row or column fails to decrypt). Output is
 * base64(nonce || ciphertext || 128-bit tag).
 */
final class FieldCipher {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private FieldCipher() {}

  static String encrypt(SecretKey key, byte[] plaintext, String associatedData) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext);
      return Base64.getEncoder()
          .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  static String encryptText(SecretKey key, String plaintext, String associatedData) {
    return plaintext == null ? null : encrypt(key, plaintext.getBytes(StandardCharsets.UTF_8), associatedData);
  }

  /** The plaintext; {@link VaultIntegrityException} when the value was altered, moved or sealed under another key. */
  static byte[] decrypt(SecretKey key, String sealed, String associatedData) {
    byte[] all;
    try {
      all = Base64.getDecoder().decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new VaultIntegrityException("vault value is not base64 (" + associatedData + ")");
    }
    if (all.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new VaultIntegrityException("vault value too short (" + associatedData + ")");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new VaultIntegrityException("vault value failed authentication (" + associatedData + ")");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  static String decryptText(SecretKey key, String sealed, String associatedData) {
    return sealed == null ? null : new String(decrypt(key, sealed, associatedData), StandardCharsets.UTF_8);
  }
}
