package io.meterhub.platform.security;

import io.meterhub.platform.common.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per client key (node-local): {@code capacity} requests at once, refilled at {@code capacity} per
 * {@code period}. A refused request costs nothing and learns when the next token comes ({@code Retry-After}).
 */
public final class RateLimiter {

  /** Beyond this many tracked clients, buckets that are full again (idle clients) are dropped. */
  private static final int MAX_TRACKED = 100_000;

  private final String name;
  private final int capacity;
  private final double tokensPerMilli;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param name what is limited, for the problem detail (e.g. "top-ups")
   * @param capacity requests per period (and the largest burst), ≥ 1
   */
  public RateLimiter(String name, int capacity, Duration period, Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.capacity = capacity;
    this.tokensPerMilli = capacity / (double) Objects.requireNonNull(period, "period").toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Takes a token for {@code client}, or throws {@link RateLimitedException} with the wait until the next one. */
  public void acquire(String client) {
    Objects.requireNonNull(client, "client");
    long now = clock.millis();
    if (buckets.size() > MAX_TRACKED) {
      buckets.values().removeIf(b -> b.fullAt(now));
    }
    long waitMillis = buckets.computeIfAbsent(client, k -> new Bucket(now)).take(now);
    if (waitMillis > 0) {
      throw new RateLimitedException("Too many " + name + " requests; retry later", (waitMillis + 999) / 1000);
    }
  }

  private final class Bucket {
    private double tokens = capacity;
    private long last;

    Bucket(long now) {
      this.last = now;
    }

    synchronized long take(long now) {
      tokens = Math.min(capacity, tokens + Math.max(0, now - last) * tokensPerMilli);
      last = Math.max(last, now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerMilli));
    }

    synchronized boolean fullAt(long now) {
      return tokens + Math.max(0, now - last) * tokensPerMilli >= capacity;
    }
  }
}
