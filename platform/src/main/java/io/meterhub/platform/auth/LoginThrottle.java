package io.meterhub.platform.auth;

import io.meterhub.platform.common.RateLimitedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins per user name in fixed windows (node-local). After {@code maxFailures} failures in a window,
 * further attempts for that name are refused until the window ends, without spending bcrypt time.
 */
public final class LoginThrottle {

  private static final int MAX_TRACKED = 100_000;

  private final int maxFailures;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public LoginThrottle(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be >= 1");
    }
    this.maxFailures = maxFailures;
    this.windowMillis = Objects.requireNonNull(window, "window").toMillis();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Throws {@link RateLimitedException} when the name has used up its failures in the current window. */
  public void check(String username) {
    Window w = windows.get(key(username));
    long now = clock.millis();
    if (w != null && now < w.start + windowMillis && w.failures >= maxFailures) {
      throw new RateLimitedException("Too many failed logins", (w.start + windowMillis - now + 999) / 1000);
    }
  }

  public void failure(String username) {
    long now = clock.millis();
    if (windows.size() > MAX_TRACKED) {
      windows.values().removeIf(w -> now >= w.start + windowMillis);
    }
    windows.compute(key(username), (k, w) ->
        w == null || now >= w.start + windowMillis ? new Window(now, 1) : new Window(w.start, w.failures + 1));
  }

  public void success(String username) {
    windows.remove(key(username));
  }

  /** Longer names cannot be valid; cutting them keeps an attacker from filling memory with huge keys. */
  private static String key(String username) {
    return username.substring(0, Math.min(username.length(), 65)).toLowerCase(Locale.ROOT);
  }

  private record Window(long start, int failures) {}
}
