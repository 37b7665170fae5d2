package io.meterhub.platform.analytics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Aggregated load curves per group, in group order.
 *
 * @param rule the release rule applied ({@link AnalyticsSettings#ruleName()})
 * @param minGroupMeters the minimum group size applied
 * @param maxSharePercent the dominance share applied, 0 = none
 */
public record LoadReport(
    LoadQuery query, String rule, int minGroupMeters, int maxSharePercent, List<GroupLoad> groups) {

  public LoadReport {
    Objects.requireNonNull(query, "query");
    groups = List.copyOf(groups);
  }

  /**
   * One group: either released with its numbers, or suppressed with only a reason.
   *
   * @param meters meters that contributed energy data in the period (0 when suppressed)
   */
  public record GroupLoad(
      String group, boolean suppressed, String reason, int meters, long energyWh, List<IntervalLoad> intervals) {

    public GroupLoad {
      Objects.requireNonNull(group, "group");
      intervals = List.copyOf(intervals);
    }

    static GroupLoad suppressed(String group, String reason) {
      return new GroupLoad(group, true, reason, 0, 0, List.of());
    }
  }

  /**
   * One interval of a group.
   *
   * @param energyWh energy drawn in the interval, from deltas of the cumulative register (interpolated over gaps)
   * @param peakDemandKw non-coincident peak: the sum over meters of each meter's highest active power reading in the
   *     interval; null when no meter reported power
   * @param meters meters with register data in the interval
   */
  public record IntervalLoad(Instant start, Instant end, long energyWh, Double peakDemandKw, int meters) {

    /** Average demand over the interval, kW. */
    public double averageDemandKw() {
      double hours = (end.toEpochMilli() - start.toEpochMilli()) / 3_600_000.0;
      return energyWh / 1000.0 / hours;
    }
  }
}
