package io.meterhub.platform.consent;

import io.meterhub.models.MeterObjectModels;
import io.meterhub.platform.lwm2m.ObserveTarget;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Observe attributes that match a granularity: the measurement object (10242/10243: energy, voltage, current, power)
 * notifies no more often than once per consented period (pmin = pmax = period, never below the profile's own). The
 * relay, events, connectivity and the billing TOU registers (26241) keep the profile's attributes.
 */
public final class ConsentObservations {

  private ConsentObservations() {}

  public static List<ObserveTarget> apply(List<ObserveTarget> profile, Granularity granularity) {
    if (granularity == Granularity.UNRESTRICTED) {
      return profile;
    }
    int period = granularity.seconds();
    return profile.stream()
        .map(t -> isMeasurement(t.path())
            ? new ObserveTarget(t.path(), Math.max(t.pmin(), period), Math.max(t.pmax(), period))
            : t)
        .toList();
  }

  /**
   * The fleet-wide measurement cadence an operator configured ({@code METERHUB_MEASUREMENT_PMIN_SECONDS} /
   * {@code _PMAX_SECONDS}) in place of the profile's; other paths are unchanged. Apply before {@link #apply}, so a
   * meter's consented granularity still caps it. A pmax below the resulting pmin is raised to it.
   */
  public static List<ObserveTarget> withMeasurementPeriods(
      List<ObserveTarget> profile, Optional<Integer> pmin, Optional<Integer> pmax) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(pmin, "pmin");
    Objects.requireNonNull(pmax, "pmax");
    if (pmin.isEmpty() && pmax.isEmpty()) {
      return profile;
    }
    return profile.stream()
        .map(t -> {
          if (!isMeasurement(t.path())) {
            return t;
          }
          int min = pmin.orElse(t.pmin());
          int max = pmax.orElse(t.pmax());
          return new ObserveTarget(t.path(), min, max > 0 && max < min ? min : max);
        })
        .toList();
  }

  static boolean isMeasurement(String path) {
    return path.startsWith("/" + MeterObjectModels.SINGLE_PHASE_METER + "/")
        || path.startsWith("/" + MeterObjectModels.THREE_PHASE_METER + "/")
        || path.equals("/" + MeterObjectModels.SINGLE_PHASE_METER)
        || path.equals("/" + MeterObjectModels.THREE_PHASE_METER);
  }
}
