package io.meterhub.platform.pki;

import java.time.Instant;

/**
 * Credentials generated for a meter at provisioning: shown once, never stored by the platform (except the public
 * part). {@link #toString()} hides the private key.
 *
 * @param mode {@code x509} or {@code rpk}
 * @param privateKeyPem the meter's private key, PKCS#8 PEM
 * @param certificatePem the meter's certificate (mode x509), else null
 * @param serial the certificate serial (mode x509), else null
 * @param notAfter end of the certificate's validity (mode x509), else null
 * @param publicKeyBase64 the meter's public key, base64 DER SubjectPublicKeyInfo
 * @param serverPublicKeyBase64 the server's public key, for RPK meters to pin
 * @param serverCertificatePem the server's certificate, for X.509 meters to pin
 * @param caCertificatePem the platform CA certificate
 */
public record ProvisionedCredentials(
    String meterId,
    String mode,
    String privateKeyPem,
    String certificatePem,
    String serial,
    Instant notAfter,
    String publicKeyBase64,
    String serverPublicKeyBase64,
    String serverCertificatePem,
    String caCertificatePem) {

  @Override
  public String toString() {
    return "ProvisionedCredentials[meterId=" + meterId + ", mode=" + mode + ", serial=" + serial + "]";
  }
}
