package io.meterhub.platform.security;

import java.time.Duration;
import java.util.Objects;

/**
 * Abuse limits of the HTTP API, per client (the authenticated user, or the remote address before login) and per
 * node: every node keeps its own token buckets, so a cluster of n nodes behind a balancer lets a client through up to
 * n times as often. 0 switches a limit off.
 *
 * @param tokenPerMinute {@code POST /api/v1/auth/token} requests per remote address and minute (bursts of a minute)
 * @param topUpsPerSecond top-ups per user and second (bursts of one second)
 * @param relayPerSecond relay commands and relay batches per user and second (bursts of one second)
 * @param loginLockoutMax longest lockout of a user name after repeated failed logins (each lockout doubles)
 */
public record RateLimits(int tokenPerMinute, int topUpsPerSecond, int relayPerSecond, Duration loginLockoutMax) {

  public RateLimits {
    if (tokenPerMinute < 0 || topUpsPerSecond < 0 || relayPerSecond < 0) {
      throw new IllegalArgumentException("rate limits must be >= 0");
    }
    Objects.requireNonNull(loginLockoutMax, "loginLockoutMax");
  }

  /**
   * 120 token requests per address and minute; 1,000 top-ups per user and second (a payment gateway is one user
   * crediting many customers: the top-up benchmark pushes ~750/s); 200 relay commands per user and second (the node's
   * own delivery rate); lockouts of at most one hour.
   */
  public static RateLimits defaults() {
    return new RateLimits(120, 1000, 200, Duration.ofHours(1));
  }

  public static RateLimits off() {
    return new RateLimits(0, 0, 0, Duration.ofHours(1));
  }
}
