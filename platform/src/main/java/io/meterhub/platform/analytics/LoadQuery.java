package io.meterhub.platform.analytics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One grid-load question: meters whose region starts with {@code regionPrefix} (null = all), grouped, over {@code
 * [from, to)} in intervals of {@code interval} starting at {@code from} (the last one ends at {@code to}).
 */
public record LoadQuery(String regionPrefix, GroupBy groupBy, Instant from, Instant to, Duration interval) {

  public LoadQuery {
    Objects.requireNonNull(groupBy, "groupBy");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(interval, "interval");
  }

  /** Number of intervals, the last possibly shorter. */
  public long intervalCount() {
    long span = Duration.between(from, to).toMillis();
    long step = interval.toMillis();
    return step <= 0 || span <= 0 ? 0 : (span + step - 1) / step;
  }

  /** The interval boundaries, {@code from} first and {@code to} last. */
  Instant[] boundaries() {
    int n = (int) intervalCount();
    Instant[] out = new Instant[n + 1];
    for (int i = 0; i < n; i++) {
      out[i] = from.plus(interval.multipliedBy(i));
    }
    out[n] = to;
    return out;
  }
}
