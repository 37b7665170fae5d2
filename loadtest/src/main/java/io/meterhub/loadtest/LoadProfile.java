package io.meterhub.loadtest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A household's electrical load as a pure function of the meter's seed and the time: a daily curve (night trough,
 * morning bump, evening peak) scaled per meter, with deterministic noise per minute. The same seed and instant always
 * give the same power, so a rerun with the same seed replays the same consumption.
 */
public final class LoadProfile {

  /** Meters of the reference deployment run on China Standard Time. */
  public static final ZoneOffset DEFAULT_ZONE = ZoneOffset.ofHours(8);

  private LoadProfile() {}

  /** Active power in kW of a single-phase household at {@code at}, in {@link #DEFAULT_ZONE}. */
  public static double powerKw(long meterSeed, Instant at) {
    return powerKw(meterSeed, at, DEFAULT_ZONE);
  }

  /** Active power in kW at {@code at}, with the daily curve laid out in {@code zone}'s local time. */
  public static double powerKw(long meterSeed, Instant at, ZoneOffset zone) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    long localSeconds = at.getEpochSecond() + zone.getTotalSeconds();
    double hour = Math.floorMod(localSeconds, 86_400L) / 3600.0;
    // Per-meter character: base load 0.15–0.45 kW, peak size 0.8–2.0 kW, peaks shifted by up to ±45 minutes.
    double base = 0.15 + 0.30 * unit(mix(meterSeed, 1));
    double peak = 0.8 + 1.2 * unit(mix(meterSeed, 2));
    double shift = (unit(mix(meterSeed, 3)) - 0.5) * 1.5;
    double curve =
        base
            + 0.35 * peak * bump(hour, 7.5 + shift, 1.2)
            + peak * bump(hour, 19.5 + shift, 2.0)
            + 0.15 * peak * bump(hour, 13.0 + shift, 2.5);
    long minute = Math.floorDiv(at.getEpochSecond(), 60L);
    double noise = 0.85 + 0.30 * unit(mix(meterSeed ^ 0x5DEECE66DL, minute));
    return Math.round(curve * noise * 1000.0) / 1000.0;
  }

  /** A Gaussian bump around {@code centre} hours that wraps around midnight. */
  private static double bump(double hour, double centre, double width) {
    double d = Math.abs(hour - centre);
    d = Math.min(d, 24.0 - d);
    return Math.exp(-(d * d) / (2 * width * width));
  }

  /** SplitMix64 of a seed and a salt: cheap, well spread, stateless. */
  static long mix(long seed, long salt) {
    long z = seed + salt * 0x9E3779B97F4A7C15L + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A long mapped uniformly to [0, 1). */
  static double unit(long bits) {
    return (bits >>> 11) * 0x1.0p-53;
  }
}
