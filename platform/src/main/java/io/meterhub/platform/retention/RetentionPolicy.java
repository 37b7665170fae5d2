package io.meterhub.platform.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long each class of data is kept. An empty duration keeps that class forever.
 *
 * @param fineReadings readings as the meters sent them; older whole days are first summarised into daily aggregates
 * @param dailyAggregates the per-meter daily summaries
 * @param events meter events (by arrival time)
 * @param audit the audit log: always forever for now, because deleting the head of the hash chain would break its
 *     verification (see docs/privacy.md, "Retention")
 * @param interval how often the retention job runs
 */
public record RetentionPolicy(
    Optional<Duration> fineReadings,
    Optional<Duration> dailyAggregates,
    Optional<Duration> events,
    Optional<Duration> audit,
    Duration interval) {

  public RetentionPolicy {
    Objects.requireNonNull(fineReadings, "fineReadings");
    Objects.requireNonNull(dailyAggregates, "dailyAggregates");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(interval, "interval");
    if (audit.isPresent()) {
      throw new IllegalArgumentException(
          "METERHUB_RETENTION_AUDIT_DAYS must be 0 (keep forever): deleting audit entries would break the hash chain"
              + " verification; see docs/privacy.md");
    }
    if (fineReadings.isPresent() && dailyAggregates.isPresent()
        && dailyAggregates.get().compareTo(fineReadings.get()) < 0) {
      throw new IllegalArgumentException(
          "METERHUB_RETENTION_DAILY_DAYS must not be shorter than METERHUB_RETENTION_FINE_READINGS_DAYS");
    }
  }

  /** Durations in days; 0 = keep forever. */
  public static RetentionPolicy ofDays(int fine, int daily, int events, int audit, Duration interval) {
    return new RetentionPolicy(days(fine), days(daily), days(events), days(audit), interval);
  }

  private static Optional<Duration> days(int days) {
    if (days < 0) {
      throw new IllegalArgumentException("retention days must be ≥ 0");
    }
    return days == 0 ? Optional.empty() : Optional.of(Duration.ofDays(days));
  }
}
