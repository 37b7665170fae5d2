package io.meterhub.platform.analytics;

import io.meterhub.platform.event.Outage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Fault-diagnosis view of a set of regions over a period.
 *
 * @param groups per group, voltage quality and supply events; suppressed groups carry only a reason
 * @param outages outage incidents of the matching region groups that overlap the period, newest first
 * @param outagesTruncated true when more outages matched than are listed
 */
public record QualityReport(
    String regionPrefix, GroupBy groupBy, Instant from, Instant to, double lowV, double highV,
    List<GroupQuality> groups, List<Outage> outages, boolean outagesTruncated) {

  public QualityReport {
    groups = List.copyOf(groups);
    outages = List.copyOf(outages);
  }

  /**
   * Voltage statistics and event counts of one group.
   *
   * @param meters meters with voltage readings or supply events in the period
   * @param samples phase-voltage samples (a three-phase reading gives three); samples below 20 % of nominal are supply
   *     losses, counted by the events, not here
   * @param outside samples outside nominal ± tolerance
   */
  public record GroupQuality(
      String group, boolean suppressed, String reason, int meters, long samples, Double minV, Double avgV,
      Double maxV, long outside, long voltageLossEvents, long currentLossEvents, long powerFailureEvents) {

    public GroupQuality {
      Objects.requireNonNull(group, "group");
    }

    static GroupQuality suppressed(String group, String reason) {
      return new GroupQuality(group, true, reason, 0, 0, null, null, null, 0, 0, 0, 0);
    }

    /** Share of samples outside tolerance, 0..1; null without samples. */
    public Double outsideShare() {
      return samples == 0 ? null : (double) outside / samples;
    }
  }
}
