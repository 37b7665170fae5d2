package io.meterhub.platform.console;

import io.meterhub.platform.console.FleetSummary.RegionCount;
import io.meterhub.platform.meter.MeterLiveState;
import io.meterhub.platform.meter.MeterStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Counts for the fleet overview without listing meters: one GROUP BY query in SQL and aggregations that run on the
 * Hazelcast partitions. A summary is reused for {@code maxAge}, so many open dashboards cost one count per node
 * per interval rather than one per request. Blocking: never call it on an event loop.
 */
public final class FleetOverview {

  /** How long a computed summary is served again; dashboards refresh about every 10 s. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(2);

  private final MeterStore meters;
  private final MeterLiveState live;
  private final Clock clock;
  private final Duration maxAge;
  private Snapshot last;

  public FleetOverview(MeterStore meters, MeterLiveState live, Clock clock, Duration maxAge) {
    this.meters = Objects.requireNonNull(meters, "meters");
    this.live = Objects.requireNonNull(live, "live");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
  }

  private record Snapshot(Instant at, FleetSummary summary) {}

  /** The current counts, at most {@code maxAge} old; online and provisioned are read at slightly different moments. */
  public synchronized FleetSummary summary() {
    Instant now = clock.instant();
    if (last != null && !now.isAfter(last.at().plus(maxAge)) && !now.isBefore(last.at())) {
      return last.summary();
    }
    FleetSummary summary = count();
    last = new Snapshot(now, summary);
    return summary;
  }

  private FleetSummary count() {
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
