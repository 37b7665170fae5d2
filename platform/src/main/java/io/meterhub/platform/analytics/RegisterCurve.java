package io.meterhub.platform.analytics;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Energy per interval from the points of one cumulative register (Wh at an instant, oldest first). The register is
 * linearly interpolated between consecutive points, so a gap of missing readings spreads its delta over the intervals
 * it spans instead of landing in the interval of the next reading; the sum over all intervals equals the register's
 * growth between the first and last point inside them, to the Wh. A step backwards (meter replaced or reset) adds
 * nothing and the curve continues from the new value.
 */
public final class RegisterCurve {

  private final long[] bounds;
  private final long[] energy;
  private final boolean[] covered;
  private long lastMs = Long.MIN_VALUE;
  private long lastWh;
  private boolean started;

  /** A curve over the intervals {@code [boundaries[k], boundaries[k+1])}; at least two ascending boundaries. */
  public RegisterCurve(Instant[] boundaries) {
    Objects.requireNonNull(boundaries, "boundaries");
    if (boundaries.length < 2) {
      throw new IllegalArgumentException("at least one interval is needed");
    }
    bounds = new long[boundaries.length];
    for (int i = 0; i < boundaries.length; i++) {
      bounds[i] = boundaries[i].toEpochMilli();
      if (i > 0 && bounds[i] <= bounds[i - 1]) {
        throw new IllegalArgumentException("boundaries must ascend");
      }
    }
    energy = new long[boundaries.length - 1];
    covered = new boolean[boundaries.length - 1];
  }

  /** Starts again for another meter with the same intervals. */
  public void reset() {
    Arrays.fill(energy, 0);
    Arrays.fill(covered, false);
    started = false;
    lastMs = Long.MIN_VALUE;
  }

  /** Adds the next point; points must come in time order (an equal or older one is ignored). */
  public void add(Instant at, long wh) {
    long ms = at.toEpochMilli();
    if (started && ms <= lastMs) {
      return;
    }
    int own = indexOf(ms);
    if (own >= 0) {
      covered[own] = true;
    }
    if (started) {
      spread(lastMs, ms, wh - lastWh);
    }
    started = true;
    lastMs = ms;
    lastWh = wh;
  }

  private void spread(long t1, long t2, long delta) {
    long from = Math.max(t1, bounds[0]);
    long to = Math.min(t2, bounds[bounds.length - 1]);
    if (from >= to) {
      return;
    }
    long positive = Math.max(0, delta);
    int k = Math.max(0, indexOf(from));
    long before = share(positive, from - t1, t2 - t1);
    while (k < energy.length && bounds[k] < to) {
      long end = Math.min(bounds[k + 1], to);
      long upTo = share(positive, end - t1, t2 - t1);
      energy[k] += upTo - before;
      covered[k] = true;
      before = upTo;
      k++;
    }
  }

  /** floor(delta * part / whole) without overflow. */
  private static long share(long delta, long part, long whole) {
    if (part >= whole) {
      return delta;
    }
    try {
      return Math.multiplyExact(delta, part) / whole;
    } catch (ArithmeticException e) {
      return BigInteger.valueOf(delta).multiply(BigInteger.valueOf(part)).divide(BigInteger.valueOf(whole))
          .longValueExact();
    }
  }

  /** The interval holding {@code ms}, or -1 outside all intervals. */
  private int indexOf(long ms) {
    if (ms < bounds[0] || ms >= bounds[bounds.length - 1]) {
      return -1;
    }
    int i = Arrays.binarySearch(bounds, ms);
    return i >= 0 ? i : -i - 2;
  }

  /** Wh of interval {@code k} so far. */
  public long energyWh(int k) {
    return energy[k];
  }

  /** Whether the register is known anywhere inside interval {@code k} (a point in it, or a gap spanning it). */
  public boolean covered(int k) {
    return covered[k];
  }

  public int intervals() {
    return energy.length;
  }

  /** Wh of all intervals. */
  public long totalWh() {
    long sum = 0;
    for (long e : energy) {
      sum += e;
    }
    return sum;
  }
}
