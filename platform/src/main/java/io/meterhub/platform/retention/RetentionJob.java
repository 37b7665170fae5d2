package io.meterhub.platform.retention;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces the {@link RetentionPolicy}: summarises every whole UTC day of expired fine readings into daily aggregates
 * and deletes those readings in the same transaction, then deletes expired aggregates and events. Runs on every node;
 * concurrent runs are safe (a day whose readings another run already removed is rolled back and skipped). Deletions
 * are recorded in the audit log as {@code retention.run} by {@code system:retention}.
 */
public final class RetentionJob implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
  static final String ACTOR = "system:retention";
  /** Days summarised per run at most, so a first run on a large backlog does not hold one job for hours. */
  static final int MAX_DAYS_PER_RUN = 400;

  private final Database db;
  private final RetentionPolicy policy;
  private final AuditLog audit;
  private final Clock clock;
  private final Counter fineDeleted;
  private final Counter dailyDeleted;
  private final Counter eventsDeleted;
  private ScheduledExecutorService timer;

  public RetentionJob(Database db, RetentionPolicy policy, AuditLog audit, Clock clock, MeterRegistry registry) {
    this.db = Objects.requireNonNull(db, "db");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(registry, "registry");
    this.fineDeleted = deleted(registry, "fine_readings");
    this.dailyDeleted = deleted(registry, "daily_aggregates");
    this.eventsDeleted = deleted(registry, "events");
  }

  private static Counter deleted(MeterRegistry registry, String dataClass) {
    return Counter.builder("meterhub_retention_deleted")
        .description("Rows deleted by the retention job, by data class")
        .tag("class", dataClass)
        .register(registry);
  }

  /** Runs the job every {@link RetentionPolicy#interval()}, the first time after one interval. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "retention");
              thread.setDaemon(true);
              return thread;
            });
    long period = policy.interval().toMillis();
    timer.scheduleWithFixedDelay(this::runSafely, period, period, TimeUnit.MILLISECONDS);
  }

  private void runSafely() {
    try {
      runOnce();
    } catch (RuntimeException e) {
      LOG.warn("Retention run failed (will retry next interval): {}", e.toString());
    }
  }

  /** One pass over every data class. */
  public RetentionReport runOnce() {
    Instant now = clock.instant();
    int days = 0;
    long fine = 0;
    if (policy.fineReadings().isPresent()) {
      LocalDate firstKept = LocalDate.ofInstant(now.minus(policy.fineReadings().get()), ZoneOffset.UTC);
      for (LocalDate day = oldestFineDay(); day != null && day.isBefore(firstKept) && days < MAX_DAYS_PER_RUN;
          day = oldestFineDay()) {
        long deleted = summariseAndDelete(day);
        if (deleted < 0) {
          LOG.info("Retention: readings of {} changed while being summarised; retrying next run", day);
          break;
        }
        days++;
        fine += deleted;
      }
    }
    long daily =
        policy.dailyAggregates().map(keep -> deleteDailyBefore(LocalDate.ofInstant(now.minus(keep), ZoneOffset.UTC)))
            .orElse(0L);
    long events = policy.events().map(keep -> deleteEventsBefore(now.minus(keep))).orElse(0L);
    RetentionReport report = new RetentionReport(days, fine, daily, events);
    fineDeleted.increment(fine);
    dailyDeleted.increment(daily);
    eventsDeleted.increment(events);
    if (report.deletedAnything()) {
      audit.record(ACTOR, "retention.run", null, new JsonObject()
          .put("daysSummarised", days)
          .put("fineReadingsDeleted", fine)
          .put("dailyAggregatesDeleted", daily)
          .put("eventsDeleted", events)
          .encode());
      LOG.info("Retention: {} days summarised, {} fine readings, {} daily aggregates, {} events deleted", days, fine,
          daily, events);
    }
    return report;
  }

  private LocalDate oldestFineDay() {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT MIN(ts) AS oldest FROM readings");
              ResultSet rs = ps.executeQuery()) {
            Instant oldest = rs.next() ? Jdbc.getInstant(rs, "oldest") : null;
            return oldest == null ? null : LocalDate.ofInstant(oldest, ZoneOffset.UTC);
          }
        });
  }

  /** Summarises one day and deletes its fine readings atomically; -1 when another run or a late reading interfered. */
  long summariseAndDelete(LocalDate day) {
    try {
      return db.inTransaction(c -> summariseAndDelete(c, day));
    } catch (Interfered e) {
      return -1;
    }
  }

  private static long summariseAndDelete(Connection c, LocalDate day) throws SQLException {
    List<DailyAggregate> fresh = DailyAggregateStore.summarise(c, day);
    long samples = fresh.stream().mapToLong(DailyAggregate::samples).sum();
    long deleted;
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM readings WHERE ts >= ? AND ts < ?")) {
      DailyAggregateStore.bindDay(ps, 1, day);
      deleted = ps.executeUpdate();
    }
    // Deleting takes the rows' locks: a count that differs from what we summarised means another run got there
    // first or readings arrived meanwhile. Roll back rather than count anything twice or lose it.
    if (deleted != samples) {
      throw new Interfered();
    }
    Map<String, DailyAggregate> existing = DailyAggregateStore.existing(c, day);
    List<DailyAggregate> merged = new ArrayList<>(fresh.size());
    Set<String> replacing = new HashSet<>();
    for (DailyAggregate a : fresh) {
      DailyAggregate before = existing.get(a.meterId());
      if (before != null) {
        replacing.add(a.meterId());
        merged.add(before.merge(a));
      } else {
        merged.add(a);
      }
    }
    DailyAggregateStore.upsert(c, merged, replacing);
    return deleted;
  }

  private long deleteDailyBefore(LocalDate firstKept) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM daily_readings WHERE reading_day < ?")) {
            ps.setObject(1, firstKept);
            return (long) ps.executeUpdate();
          }
        });
  }

  private long deleteEventsBefore(Instant cutoff) {
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM events WHERE received_at < ?")) {
            Jdbc.setInstant(ps, 1, cutoff);
            return (long) ps.executeUpdate();
          }
        });
  }

  private static final class Interfered extends RuntimeException {
    Interfered() {
      super("retention day interfered", null, false, false);
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
