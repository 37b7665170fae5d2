package io.meterhub.platform.analytics;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.metering.ReadingStore;
import io.meterhub.platform.prepay.PrepayService;
import io.meterhub.platform.store.Database;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The analytics feature as the API calls it: grid load curves, voltage quality and outages, and per-meter energy
 * reports; every query is audited with its actor and parameters (aggregates of personal data are still a use of it).
 * Blocking: call it off the event loop.
 */
public final class Analytics {

  private final LoadCurves loads;
  private final QualityStats quality;
  private final EnergyReports reports;
  private final MeterStore meters;
  private final AuditLog audit;
  private final Clock clock;
  private final AnalyticsSettings settings;

  public Analytics(LoadCurves loads, QualityStats quality, EnergyReports reports, MeterStore meters, AuditLog audit,
      AnalyticsSettings settings, Clock clock) {
    this.loads = Objects.requireNonNull(loads, "loads");
    this.quality = Objects.requireNonNull(quality, "quality");
    this.reports = Objects.requireNonNull(reports, "reports");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Analytics on one database: readings, meters, events and outages (and the prepayment ledger when {@code prepay} is
   * given) must live in {@code db}.
   */
  public static Analytics create(Database db, MeterStore meters, ReadingStore readings, AuditLog audit,
      PrepayService prepay, AnalyticsSettings settings, Clock clock) {
    LoadCurves loads = new LoadCurves(db, settings);
    return new Analytics(loads, new QualityStats(db, settings), new EnergyReports(meters, readings, loads, prepay,
        prepay == null ? null : db), meters, audit, settings, clock);
  }

  public AnalyticsSettings settings() {
    return settings;
  }

  /** The report service, for callers that resolve their own meter sets (e.g. a customer's meters). */
  public EnergyReports reports() {
    return reports;
  }

  /** Load curves per group; ValidationException when the query breaks a limit. */
  public LoadReport load(String actor, LoadQuery query) {
    Objects.requireNonNull(actor, "actor");
    loads.validate(query);
    audit.record(actor, "analytics.load", target(query.regionPrefix()), new JsonObject()
        .put("regionPrefix", query.regionPrefix()).put("groupBy", query.groupBy().toString())
        .put("from", query.from().toString()).put("to", query.to().toString())
        .put("interval", query.interval().toString()).encode());
    return loads.load(query);
  }

  /** Voltage quality, supply events and outages; ValidationException when the period is invalid or too long. */
  public QualityReport quality(String actor, String regionPrefix, GroupBy groupBy, Instant from, Instant to) {
    Objects.requireNonNull(actor, "actor");
    if (from.isBefore(to)) {
      audit.record(actor, "analytics.quality", target(regionPrefix), new JsonObject()
          .put("regionPrefix", regionPrefix).put("groupBy", groupBy.toString()).put("from", from.toString())
          .put("to", to.toString()).encode());
    }
    return quality.quality(regionPrefix, groupBy, from, to);
  }

  /** The energy report of one meter; empty when the meter is unknown; ValidationException for a future month. */
  public Optional<EnergyReport> meterReport(String actor, String meterId, YearMonth month) {
    Objects.requireNonNull(meterId, "meterId");
    if (meters.find(meterId).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(report(actor, meterId, List.of(meterId), month));
  }

  /**
   * The energy report over a customer's linked meters, audited against the customer's pseudonymous reference;
   * ValidationException for a future month or a customer without meters.
   */
  public EnergyReport customerReport(String actor, String customerRef, List<String> meterIds, YearMonth month) {
    Objects.requireNonNull(customerRef, "customerRef");
    if (meterIds.isEmpty()) {
      throw ValidationException.of("id", "the customer has no linked meter");
    }
    return report(actor, customerRef, meterIds, month);
  }

  private EnergyReport report(String actor, String target, List<String> meterIds, YearMonth month) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(month, "month");
    if (month.isAfter(YearMonth.now(clock.withZone(ZoneOffset.ofHours(14))))) {
      throw ValidationException.of("month", "must not be in the future");
    }
    audit.record(actor, "analytics.energy_report", target, new JsonObject().put("month", month.toString())
        .put("meters", meterIds.size()).encode());
    return reports.report(meterIds, month);
  }

  private static String target(String regionPrefix) {
    return regionPrefix == null ? "*" : regionPrefix;
  }
}
