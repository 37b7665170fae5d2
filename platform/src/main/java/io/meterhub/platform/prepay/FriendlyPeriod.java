package io.meterhub.platform.prepay;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * A weekly window in which credit exhaustion must not disconnect: starts on each of {@code days} at {@code from}
 * (local time) and ends at {@code to}, on the next day when {@code to} is not after {@code from} (so 21:00–09:00
 * spans the night). A window that spans several days is written as several entries.
 */
public record FriendlyPeriod(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

  public FriendlyPeriod {
    days = Set.copyOf(days);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** True when the local time falls inside this window. */
  public boolean contains(ZonedDateTime local) {
    LocalTime time = local.toLocalTime();
    DayOfWeek day = local.getDayOfWeek();
    if (from.isBefore(to)) {
      return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
    }
    // Overnight: the evening part on a listed day, the morning part on the day after a listed day.
    return (days.contains(day) && !time.isBefore(from)) || (days.contains(day.minus(1)) && time.isBefore(to));
  }
}
