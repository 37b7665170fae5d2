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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Counts for the fleet overview without listing meters to the client: GROUP BY queries in SQL and aggregations that
 * run on the Hazelcast partitions. A summary is reused for {@code maxAge}, so many open dashboards cost one count per
 * node per interval rather than one per request. Blocking: never call it on an event loop.
 *
 * <p>Online meters per region: the live state knows who is online but not where, the registry knows where but not
 * who is online. The ids of online meters come from the cluster (keys only) and are counted by region in SQL in
 * batches, so the cost grows with the number of online meters; the {@code maxAge} reuse bounds how often it is paid.
 */
public final class FleetOverview {

  /** How long a computed summary is served again; dashboards refresh about every 10 s. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(2);

  private final MeterStore meters;
  private final MeterLiveState live;
  private final Clock clock;
  private final Duration maxAge;
  private final Supplier<Map<String, Long>> accounts;
  private final LongSupplier openOutages;
  private Snapshot last;

  public FleetOverview(MeterStore meters, MeterLiveState live, Clock clock, Duration maxAge) {
    this(meters, live, clock, maxAge, null, null);
  }

  /**
   * @param accounts prepayment accounts per credit state API name; null when prepayment is not served
   * @param openOutages number of open outage incidents; null when the event feature is not served
   */
  public FleetOverview(MeterStore meters, MeterLiveState live, Clock clock, Duration maxAge,
      Supplier<Map<String, Long>> accounts, LongSupplier openOutages) {
    this.meters = Objects.requireNonNull(meters, "meters");
    this.live = Objects.requireNonNull(live, "live");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    this.accounts = accounts;
    this.openOutages = openOutages;
  }

  private record Snapshot(Instant at, FleetSummary summary) {}

  /** The current counts, at most {@code maxAge} old; the parts are read at slightly different moments. */
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
    Map<String, Long> byTopRegion = byTopLevel(meters.countByRegion());
    long total = byTopRegion.values().stream().mapToLong(Long::longValue).sum();
    Optional<Set<String>> onlineIds = live.onlineMeterIds();
    Map<String, Long> onlineByTopRegion = onlineIds.map(ids -> byTopLevel(meters.countByRegion(ids))).orElse(null);
    List<RegionCount> regions = new ArrayList<>(byTopRegion.size());
    byTopRegion.forEach((region, count) -> regions.add(new RegionCount(region, count,
        onlineByTopRegion == null ? null : Math.min(count, onlineByTopRegion.getOrDefault(region, 0L)))));
    // Counted through the registry, online ids of meters deleted meanwhile drop out; the aggregate count cannot tell.
    long online = onlineByTopRegion != null
        ? regions.stream().mapToLong(RegionCount::online).sum()
        : Math.min(live.onlineCount(), total);
    OptionalLong relayOpen = live.relayOpenCount();
    return new FleetSummary(total, online, total - online, relayOpen.isPresent() ? relayOpen.getAsLong() : null,
        regions, accounts == null ? null : accounts.get(), openOutages == null ? null : openOutages.getAsLong());
  }

  private static Map<String, Long> byTopLevel(Map<String, Long> byRegion) {
    Map<String, Long> out = new TreeMap<>();
    byRegion.forEach((region, count) -> out.merge(topLevel(region), count, Long::sum));
    return out;
  }

  static String topLevel(String region) {
    int slash = region.indexOf('/');
    return slash < 0 ? region : region.substring(0, slash);
  }
}
