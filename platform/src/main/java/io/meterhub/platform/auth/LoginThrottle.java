package io.meterhub.platform.auth;

import io.meterhub.platform.common.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Locks a user name out after repeated failed logins, with exponential backoff (node-local). {@code maxFailures}
 * failures within one window lock the name for one window; every further lockout without a successful login in
 * between doubles the lockout, up to {@code maxLockout}. While locked, attempts are refused without spending bcrypt
 * time. A successful login, or a quiet spell of {@code maxLockout} after the last lockout ended, forgets the history.
 */
public final class LoginThrottle {

  private static final int MAX_TRACKED = 100_000;

  private final int maxFailures;
  private final long windowMillis;
  private final long maxLockoutMillis;
  private final Clock clock;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /** A throttle whose lockouts grow up to one hour. */
  public LoginThrottle(int maxFailures, Duration window, Clock clock) {
    this(maxFailures, window, Duration.ofHours(1), clock);
  }

  public LoginThrottle(int maxFailures, Duration window, Duration maxLockout, Clock clock) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be >= 1");
    }
    this.maxFailures = maxFailures;
    this.windowMillis = Objects.requireNonNull(window, "window").toMillis();
    this.maxLockoutMillis = Math.max(windowMillis, Objects.requireNonNull(maxLockout, "maxLockout").toMillis());
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Throws {@link RateLimitedException} while the name is locked out. */
  public void check(String username) {
    State s = states.get(key(username));
    long now = clock.millis();
    if (s != null && now < s.lockedUntil) {
      throw new RateLimitedException("Too many failed logins", (s.lockedUntil - now + 999) / 1000);
    }
  }

  public void failure(String username) {
    long now = clock.millis();
    if (states.size() > MAX_TRACKED) {
      states.values().removeIf(s -> forgettable(s, now));
    }
    states.compute(key(username), (k, s) -> next(s == null || forgettable(s, now) ? State.EMPTY : s, now));
  }

  private State next(State s, long now) {
    boolean sameWindow = now < s.windowStart + windowMillis;
    int failures = sameWindow ? s.failures + 1 : 1;
    long windowStart = sameWindow ? s.windowStart : now;
    if (failures < maxFailures) {
      return new State(windowStart, failures, s.lockouts, s.lockedUntil);
    }
    int lockouts = s.lockouts + 1;
    long lockMillis = lockoutMillis(lockouts);
    return new State(now, 0, lockouts, now + lockMillis);
  }

  /** Lockout number n (from 1) lasts window · 2^(n-1), at most maxLockout. */
  long lockoutMillis(int lockouts) {
    int doublings = Math.min(lockouts - 1, 40);
    return Math.min(maxLockoutMillis, windowMillis << doublings);
  }

  public void success(String username) {
    states.remove(key(username));
  }

  /** Longer names cannot be valid; cutting them keeps an attacker from filling memory with huge keys. */
  private static String key(String username) {
    return username.substring(0, Math.min(username.length(), 65)).toLowerCase(Locale.ROOT);
  }

  private record State(long windowStart, int failures, int lockouts, long lockedUntil) {
    static final State EMPTY = new State(Long.MIN_VALUE / 2, 0, 0, 0);
  }

  private boolean forgettable(State s, long now) {
    return now >= Math.max(s.lockedUntil, s.windowStart + windowMillis) + maxLockoutMillis;
  }
}
