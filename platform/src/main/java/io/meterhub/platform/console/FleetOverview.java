package io.meterhub.platform.console;

import io.meterhub.platform.console.FleetSummary.RegionCount;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.MeterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Counts for the fleet overview without listing meters: one GROUP BY query in SQL and aggregations that run on the
 * Hazelcast partitions. Blocking: never call it on an event loop.
 */
public final class FleetOverview {

  private final MeterStore meters;
  private final MeterLiveState live;

  public FleetOverview(MeterStore meters, MeterLiveState live) {
    this.meters = Objects.requireNonNull(meters, "meters");
    this.live = Objects.requireNonNull(live, "live");
  }

  /** The current counts; online and provisioned counts are read at slightly different moments. */
  public FleetSummary summary() {
    Map<String, Long> byTopRegion = new TreeMap<>();
    long total = 0;
    for (Map.Entry<String, Long> entry : meters.countByRegion().entrySet()) {
      byTopRegion.merge(topLevel(entry.getKey()), entry.getValue(), Long::sum);
      total += entry.getValue();
    }
    List<RegionCount> regions = new ArrayList<>(byTopRegion.size());
    byTopRegion.forEach((region, count) -> regions.add(new RegionCount(region, count)));
    // A meter deleted between the two reads could make online exceed total for a moment.
    long online = Math.min(live.onlineCount(), total);
    OptionalLong relayOpen = live.relayOpenCount();
    return new FleetSummary(
        total, online, total - online, relayOpen.isPresent() ? relayOpen.getAsLong() : null, regions);
  }

  static String topLevel(String region) {
    int slash = region.indexOf('/');
    return slash < 0 ? region : region.substring(0, slash);
  }
}
