package io.meterhub.platform.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.JdbcReadingStore;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.TestDatabase;
import io.meterhub.platform.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class RetentionJobContractTest extends DbContractBase {

  /** Day 1 of the data; the clock starts 10 days later, with 7 days of fine readings kept. */
  static final LocalDate DAY1 = LocalDate.parse("2026-11-01");
  static final Instant START = DAY1.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();

  private MutableClock clock;
  private ChainedAuditLog audit;
  private JdbcReadingStore readings;
  private DailyAggregateStore daily;
  private SimpleMeterRegistry registry;
  private RetentionJob job;

  @BeforeEach
  void setUp() {
    TestDatabase.sql(db, "DELETE FROM daily_readings");
    TestDatabase.sql(db, "DELETE FROM events");
    clock = new MutableClock(START.plus(Duration.ofDays(10)).plus(Duration.ofHours(5)));
    audit = new ChainedAuditLog(db, clock);
    readings = new JdbcReadingStore(db);
    daily = new DailyAggregateStore(db);
    registry = new SimpleMeterRegistry();
    job = job(RetentionPolicy.ofDays(7, 30, 5, 0, Duration.ofHours(1)));
  }

  private RetentionJob job(RetentionPolicy policy) {
    return new RetentionJob(db, policy, audit, clock, registry);
  }

  /** Quarter-hourly readings of one meter for {@code days} days from DAY1; energy +10 Wh each, voltage varies. */
  private void quarterHourly(String meterId, int days) {
    List<IngestedReading> batch = new ArrayList<>();
    for (int i = 0; i < days * 96; i++) {
      Instant at = START.plus(Duration.ofMinutes(15L * i));
      TouRegisters tou = new TouRegisters(1L, 2L + i, 3L, 4L + i, null, null);
      batch.add(new IngestedReading(meterId,
          new MeterReading(at, 1_000L + 10L * i, 220.0 + (i % 96) / 10.0, 1.0, 0.2 + (i % 96) / 100.0, 0.9, 50.0,
              null, tou), at));
    }
    readings.insertBatch(batch);
  }

  private void event(long id, Instant receivedAt) {
    TestDatabase.sql(db, "INSERT INTO events (meter_id, region, type, severity, occurred_at, received_at, sequence)"
        + " VALUES ('m1', 'north', 'cover_opened', 'warning', TIMESTAMP WITH TIME ZONE '" + receivedAt
            .toString().replace("T", " ").replace("Z", "+00") + "', TIMESTAMP WITH TIME ZONE '"
        + receivedAt.toString().replace("T", " ").replace("Z", "+00") + "', " + id + ")");
  }

  private long count(String table) {
    return db.withConnection(c -> {
      try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Test
  void expiredWholeDaysAreSummarisedThenDeletedAndRecentOnesKept() {
    quarterHourly("m1", 10);
    quarterHourly("m2", 2);

    RetentionReport report = job.runOnce();

    // now = day 11 05:00, keep 7 days → cutoff day 4 05:00: days 1–3 are whole and expired; day 4 waits.
    assertThat(report.daysSummarised()).isEqualTo(3);
    assertThat(report.fineReadingsDeleted()).isEqualTo(3 * 96 + 2 * 96);
    assertThat(readings.list("m1", null, null, 1, null).items().get(0).timestamp())
        .isEqualTo(START.plus(Duration.ofDays(3)));
    assertThat(readings.list("m2", null, null, 10, null).items()).isEmpty();

    List<DailyAggregate> m1 = daily.list("m1", DAY1, DAY1.plusDays(30));
    assertThat(m1).extracting(DailyAggregate::day).containsExactly(DAY1, DAY1.plusDays(1), DAY1.plusDays(2));
    DailyAggregate second = m1.get(1);
    assertThat(second.samples()).isEqualTo(96);
    assertThat(second.firstTs()).isEqualTo(START.plus(Duration.ofDays(1)));
    assertThat(second.lastTs()).isEqualTo(START.plus(Duration.ofDays(2)).minus(Duration.ofMinutes(15)));
    assertThat(second.energyFirstWh()).isEqualTo(1_000L + 10L * 96);
    assertThat(second.energyLastWh()).isEqualTo(1_000L + 10L * (2 * 96 - 1));
    assertThat(second.minVoltageV()).isEqualTo(220.0);
    assertThat(second.maxVoltageV()).isEqualTo(229.5);
    assertThat(second.maxPowerKw()).isEqualTo(1.15);
    assertThat(second.touPeakWh()).isEqualTo(2L + 2 * 96 - 1);
    assertThat(daily.list("m2", DAY1, DAY1.plusDays(30))).hasSize(2);

    assertThat(registry.get("meterhub_retention_deleted").tag("class", "fine_readings").counter().count())
        .isEqualTo(5 * 96);
    assertThat(job.runOnce().deletedAnything()).isFalse();
  }

  @Test
  void lateReadingsOfAnAlreadySummarisedDayAreMergedIntoItsAggregate() {
    quarterHourly("m1", 10);
    job.runOnce();
    Instant late = START.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(50));
    readings.insertBatch(List.of(new IngestedReading("m1",
        new MeterReading(late, 999_999L, 250.0, 1.0, 9.0, 0.9, 50.0, null, null), clock.instant())));

    RetentionReport report = job.runOnce();

    assertThat(report.fineReadingsDeleted()).isEqualTo(1);
    DailyAggregate first = daily.list("m1", DAY1, DAY1.plusDays(1)).get(0);
    assertThat(first.samples()).isEqualTo(97);
    assertThat(first.maxVoltageV()).isEqualTo(250.0);
    assertThat(first.maxPowerKw()).isEqualTo(9.0);
    assertThat(first.lastTs()).isEqualTo(late);
    assertThat(first.firstTs()).isEqualTo(START);
  }

  @Test
  void aggregatesAndEventsExpireOnTheirOwnClocks() {
    quarterHourly("m1", 10);
    event(1, START.plus(Duration.ofDays(1)));
    event(2, clock.instant().minus(Duration.ofDays(4)));
    job.runOnce();
    assertThat(count("events")).isEqualTo(1);
    assertThat(count("daily_readings")).isEqualTo(3);

    clock.advance(Duration.ofDays(28));
    RetentionReport report = job.runOnce();

    // now = day 39: days ≥ day 9 of aggregates are kept (30 days), days < day 32 of fine readings are summarised.
    assertThat(report.eventsDeleted()).isEqualTo(1);
    assertThat(count("events")).isZero();
    assertThat(count("readings")).isZero();
    assertThat(daily.list("m1", DAY1, DAY1.plusDays(40))).extracting(DailyAggregate::day)
        .containsExactly(DAY1.plusDays(8), DAY1.plusDays(9));
    assertThat(report.dailyAggregatesDeleted()).isEqualTo(8 - 3 + 3);
  }

  @Test
  void everyDeletionIsAuditedAndTheAuditChainStaysValid() {
    audit.record("admin", "meter.create", "m1", null);
    quarterHourly("m1", 10);

    job.runOnce();
    clock.advance(Duration.ofDays(365 * 3));
    job.runOnce();

    List<AuditEntry> runs = audit.list(new AuditQuery(RetentionJob.ACTOR, "retention.run", null, null, 10, null))
        .items();
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).details()).contains("\"fineReadingsDeleted\":288");
    assertThat(audit.verify().valid()).isTrue();
    assertThat(audit.verify().entries()).isEqualTo(3);
  }

  @Test
  void keepingForeverDeletesNothingAndAuditRetentionCannotBeShortened() {
    quarterHourly("m1", 10);
    event(1, START);
    RetentionJob forever = job(RetentionPolicy.ofDays(0, 0, 0, 0, Duration.ofHours(1)));
    clock.advance(Duration.ofDays(3650));

    assertThat(forever.runOnce()).isEqualTo(new RetentionReport(0, 0, 0, 0));
    assertThat(count("readings")).isEqualTo(960);
    assertThatThrownBy(() -> RetentionPolicy.ofDays(7, 30, 5, 365, Duration.ofHours(1)))
        .hasMessageContaining("METERHUB_RETENTION_AUDIT_DAYS");
    assertThatThrownBy(() -> RetentionPolicy.ofDays(30, 7, 5, 0, Duration.ofHours(1)))
        .hasMessageContaining("METERHUB_RETENTION_DAILY_DAYS");
  }
}
