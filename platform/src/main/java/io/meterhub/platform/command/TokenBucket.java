package io.meterhub.platform.command;

/** A token bucket of {@code ratePerSecond} tokens per second holding at most one second's worth. */
final class TokenBucket {

  private final double ratePerNano;
  private final double capacity;
  private double tokens;
  private long last;

  TokenBucket(int ratePerSecond, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.capacity = Math.max(1, ratePerSecond);
    this.tokens = capacity;
    this.last = nowNanos;
  }

  /** Takes a token: 0 when taken, else the nanoseconds until one is available (nothing taken). */
  synchronized long tryTake(long nowNanos) {
    tokens = Math.min(capacity, tokens + (nowNanos - last) * ratePerNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - tokens) / ratePerNano));
  }
}
