package io.meterhub.platform.event;

import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RegionLookup} over the meter registry with a short-lived cache, so that a burst of events from one meter
 * costs one registry read. A region change shows up after at most the TTL.
 */
public final class CachedRegions implements RegionLookup {

  private static final int MAX_ENTRIES = 200_000;

  private record Entry(String region, Instant expires) {}

  private final MeterStore meters;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> cache = new ConcurrentHashMap<>();

  public CachedRegions(MeterStore meters, Duration ttl, Clock clock) {
    this.meters = Objects.requireNonNull(meters, "meters");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String regionOf(String meterId) {
    Instant now = clock.instant();
    Entry hit = cache.get(meterId);
    if (hit != null && hit.expires().isAfter(now)) {
      return hit.region();
    }
    String region = meters.find(meterId).map(Meter::region).orElse("");
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(meterId, new Entry(region, now.plus(ttl)));
    return region;
  }
}
