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
 *     <p>Mode X509 has no per-meter fields: the handshake checks the certificate chain and revocation, the
 *     authorizer that its CN is the endpoint name.
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

  /** Raw public key: the meter's EC P-256 key as base64 DER SubjectPublicKeyInfo. */
  public static MeterSecurity rpk(String publicKeyBase64) {
    return new MeterSecurity(Mode.RPK, null, null, Objects.requireNonNull(publicKeyBase64));
  }

  /**
   * X.509: the meter presents a certificate whose CN is its id, chaining to the platform CA or a configured trusted
   * CA; nothing per meter is stored here.
   */
  public static MeterSecurity x509() {
    return new MeterSecurity(Mode.X509, null, null, null);
  }

  @Override
  public String toString() {
    return "MeterSecurity[mode=" + mode + ", pskIdentity=" + pskIdentity + "]";
  }
}
