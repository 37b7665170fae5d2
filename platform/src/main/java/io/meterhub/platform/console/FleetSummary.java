package io.meterhub.platform.console;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fleet-wide counts for the console overview.
 *
 * @param meters provisioned meters
 * @param online meters holding a live registration
 * @param offline provisioned meters not online
 * @param relayOpen meters whose relay is open (supply off); null when the live state cannot count it cheaply
 * @param regions meters per top-level region (the part of the region before the first {@code /}), by name
 * @param accounts prepayment accounts per credit state API name ({@code ok}, {@code low}, ...); null when
 *     prepayment is not served
 * @param openOutages open outage incidents; null when the event feature is not served
 */
public record FleetSummary(
    long meters, long online, long offline, Long relayOpen, List<RegionCount> regions, Map<String, Long> accounts,
    Long openOutages) {

  public FleetSummary {
    regions = List.copyOf(Objects.requireNonNull(regions, "regions"));
    accounts = accounts == null ? null : Map.copyOf(accounts);
  }

  /** Counts without accounts and outages. */
  public FleetSummary(long meters, long online, long offline, Long relayOpen, List<RegionCount> regions) {
    this(meters, online, offline, relayOpen, regions, null, null);
  }

  /**
   * Meters in one top-level region.
   *
   * @param online of those, meters online; null when the live state cannot list online meters
   */
  public record RegionCount(String region, long meters, Long online) {

    public RegionCount {
      Objects.requireNonNull(region, "region");
    }

    public RegionCount(String region, long meters) {
      this(region, meters, null);
    }
  }
}
