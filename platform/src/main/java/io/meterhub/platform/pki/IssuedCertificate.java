package io.meterhub.platform.pki;

import java.time.Instant;
import java.util.Objects;

/**
 * A device certificate the platform CA issued (the certificate itself is the device's; only its facts are kept).
 *
 * @param serial upper-case hex serial
 * @param meterId the endpoint name in its CN
 * @param issuedBy the user who asked for it
 */
public record IssuedCertificate(
    String serial, String meterId, Instant notBefore, Instant notAfter, Instant issuedAt, String issuedBy) {

  public IssuedCertificate {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(issuedBy, "issuedBy");
  }
}
