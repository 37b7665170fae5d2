package io.meterhub.platform.customer;

/**
 * A vault value or data key cannot be opened: altered or moved ciphertext, or a key-encryption key that is not
 * configured. The message names ids and field names only, never plaintext.
 */
public final class VaultIntegrityException extends RuntimeException {

  public VaultIntegrityException(String message) {
    super(message, null, false, false);
  }
}
