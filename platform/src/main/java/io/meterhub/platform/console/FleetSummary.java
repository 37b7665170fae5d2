package io.meterhub.platform.console;

import java.util.List;
import java.util.Objects;

/**
 * Fleet-wide counts for the console overview.
 *
 * @param meters provisioned meters
 * @param online meters holding a live registration
 * @param offline provisioned meters not online
 * @param relayOpen meters whose relay is open (supply off); null when the live state cannot count it cheaply
 * @param regions meters per top-level region (the part of the region before the first {@code /}), by name
 */
public record FleetSummary(long meters, long online, long offline, Long relayOpen, List<RegionCount> regions) {

  public FleetSummary {
    regions = List.copyOf(Objects.requireNonNull(regions, "regions"));
  }

  /** Number of meters in one top-level region. */
  public record RegionCount(String region, long meters) {

    public RegionCount {
      Objects.requireNonNull(region, "region");
    }
  }
}
