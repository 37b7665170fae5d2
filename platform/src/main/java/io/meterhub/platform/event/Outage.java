package io.meterhub.platform.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One outage incident: many meters of one region group lost supply at about the same time.
 *
 * @param region the region group (a meter's region without its last segment)
 * @param state {@code open} or {@code cleared}
 * @param affectedMeters meters that lost supply while it was open (or that opened it)
 * @param restoredMeters of those, meters that reported power restored
 */
public record Outage(
    long id, String region, String state, Instant startedAt, Instant updatedAt, Instant clearedAt,
    int affectedMeters, int restoredMeters) {

  public static final String OPEN = "open";
  public static final String CLEARED = "cleared";

  public Outage {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
