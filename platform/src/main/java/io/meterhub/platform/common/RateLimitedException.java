package io.meterhub.platform.common;

/** Too many attempts; the caller may retry after {@link #retryAfterSeconds()}. */
public final class RateLimitedException extends RuntimeException {

  private final long retryAfterSeconds;

  public RateLimitedException(String detail, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
