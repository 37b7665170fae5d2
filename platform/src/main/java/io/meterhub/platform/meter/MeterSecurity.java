package io.meterhub.platform.meter;

import java.util.Objects;

/**
 * DTLS credentials of one meter. Only the fields of its mode are set. Never rendered by the API, never logged:
 * {@link #toString()} hides the secret.
 *
 * @param mode security mode
 * @param pskIdentity PSK identity (mode PSK)
 * @param pskKeyHex PSK key as lower-case hex, 16–64 bytes (mode PSK)
 * @param publicKeyBase64 base64 DER SubjectPublicKeyInfo (mode RPK)
 */
public record MeterSecurity(Mode mode, String pskIdentity, String pskKeyHex, String publicKeyBase64) {

  /** DTLS security modes of the device contract. */
  public enum Mode {
    PSK,
    RPK,
    X509
  }

  public MeterSecurity {
    Objects.requireNonNull(mode, "mode");
  }

  public static MeterSecurity psk(String identity, String keyHex) {
    return new MeterSecurity(Mode.PSK, Objects.requireNonNull(identity), Objects.requireNonNull(keyHex), null);
  }

  @Override
  public String toString() {
    return "MeterSecurity[mode=" + mode + ", pskIdentity=" + pskIdentity + "]";
  }
}
