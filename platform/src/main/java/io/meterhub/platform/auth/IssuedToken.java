package io.meterhub.platform.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token just issued. The only place the raw token exists server-side; hidden from {@link #toString()}.
 *
 * @param accessToken opaque bearer token (base64url of 32 random bytes)
 * @param expiresInSeconds lifetime
 * @param expiresAt end of validity
 */
public record IssuedToken(String accessToken, long expiresInSeconds, Instant expiresAt) {

  public IssuedToken {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  @Override
  public String toString() {
    return "IssuedToken[expiresAt=" + expiresAt + "]";
  }
}
