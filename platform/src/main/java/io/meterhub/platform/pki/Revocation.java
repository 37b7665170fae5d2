package io.meterhub.platform.pki;

import java.time.Instant;
import java.util.Objects;

/**
 * A revoked certificate.
 *
 * @param serial upper-case hex serial
 * @param meterId the meter it belonged to, when known (always for certificates the platform issued)
 */
public record Revocation(String serial, String meterId, String reason, Instant revokedAt, String revokedBy) {

  public Revocation {
    Objects.requireNonNull(serial, "serial");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(revokedAt, "revokedAt");
    Objects.requireNonNull(revokedBy, "revokedBy");
  }
}
