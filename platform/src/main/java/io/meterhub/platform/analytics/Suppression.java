package io.meterhub.platform.analytics;

import java.time.Instant;
import java.util.Optional;

/**
 * The release rule for aggregates of per-meter data: too few meters, or one meter dominating, would let the
 * aggregate reveal a household. Checked for the whole period and for every interval, since one interval with a
 * single reporting meter is that meter's load curve.
 */
final class Suppression {

  private final AnalyticsSettings settings;

  Suppression(AnalyticsSettings settings) {
    this.settings = settings;
  }

  /** Why a group of {@code meters} meters, the largest holding {@code largestWh} of {@code totalWh}, is withheld. */
  Optional<String> group(int meters, long largestWh, long totalWh) {
    if (meters < settings.minGroupMeters()) {
      return Optional.of("fewer than " + settings.minGroupMeters() + " meters in the group");
    }
    if (dominates(largestWh, totalWh)) {
      return Optional.of("one meter accounts for more than " + settings.maxSharePercent()
          + " % of the group's energy in the period");
    }
    return Optional.empty();
  }

  /** Why one interval would reveal a single meter, if it would. */
  Optional<String> interval(Instant start, int meters, long largestWh, long totalWh) {
    if (meters < settings.minGroupMeters()) {
      return Optional.of("the interval starting " + start + " has data from fewer than "
          + settings.minGroupMeters() + " meters");
    }
    if (dominates(largestWh, totalWh)) {
      return Optional.of("one meter accounts for more than " + settings.maxSharePercent()
          + " % of the energy of the interval starting " + start);
    }
    return Optional.empty();
  }

  private boolean dominates(long largestWh, long totalWh) {
    return settings.maxSharePercent() > 0 && totalWh > 0
        && largestWh * 100 > (long) settings.maxSharePercent() * totalWh;
  }
}
