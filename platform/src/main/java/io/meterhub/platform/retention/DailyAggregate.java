package io.meterhub.platform.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One meter's readings of one UTC day, summarised. Cumulative registers are non-decreasing, so their first and last
 * values of the day are the minimum and maximum, and the day's consumption is {@code energyLastWh - energyFirstWh}
 * (plus the step to the next day's first value).
 *
 * @param samples how many fine readings were summarised
 */
public record DailyAggregate(
    String meterId,
    LocalDate day,
    Instant firstTs,
    Instant lastTs,
    int samples,
    Long energyFirstWh,
    Long energyLastWh,
    Double minVoltageV,
    Double maxVoltageV,
    Double maxPowerKw,
    Long touSharpWh,
    Long touPeakWh,
    Long touFlatWh,
    Long touValleyWh) {

  public DailyAggregate {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(firstTs, "firstTs");
    Objects.requireNonNull(lastTs, "lastTs");
  }

  /** This aggregate and another of the same meter and day (late readings summarised in a later run) as one. */
  DailyAggregate merge(DailyAggregate o) {
    return new DailyAggregate(
        meterId,
        day,
        firstTs.isBefore(o.firstTs) ? firstTs : o.firstTs,
        lastTs.isAfter(o.lastTs) ? lastTs : o.lastTs,
        samples + o.samples,
        min(energyFirstWh, o.energyFirstWh),
        max(energyLastWh, o.energyLastWh),
        min(minVoltageV, o.minVoltageV),
        max(maxVoltageV, o.maxVoltageV),
        max(maxPowerKw, o.maxPowerKw),
        max(touSharpWh, o.touSharpWh),
        max(touPeakWh, o.touPeakWh),
        max(touFlatWh, o.touFlatWh),
        max(touValleyWh, o.touValleyWh));
  }

  private static <T extends Comparable<T>> T min(T a, T b) {
    return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
  }

  private static <T extends Comparable<T>> T max(T a, T b) {
    return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
  }
}
