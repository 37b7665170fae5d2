package io.meterhub.platform.analytics;

import io.meterhub.platform.analytics.QualityReport.GroupQuality;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.event.Outage;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Voltage quality per group from the readings table (one SQL aggregate row per meter), supply-event counts from the
 * events table and outage incidents from the outages table (read only; the event package writes them). Blocking.
 */
public final class QualityStats {

  static final int MAX_OUTAGES = 500;
  static final Duration MAX_PERIOD = Duration.ofDays(366);
  private static final String[] PHASES = {"voltage_v", "l2_voltage_v", "l3_voltage_v"};

  private final Database db;
  private final AnalyticsSettings settings;
  private final Suppression suppression;

  public QualityStats(Database db, AnalyticsSettings settings) {
    this.db = Objects.requireNonNull(db, "db");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.suppression = new Suppression(settings);
  }

  /** Quality of the meters whose region starts with {@code regionPrefix} (null = all) in {@code [from, to)}. */
  public QualityReport quality(String regionPrefix, GroupBy groupBy, Instant from, Instant to) {
    Objects.requireNonNull(groupBy, "groupBy");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    FieldErrors errors = new FieldErrors();
    if (!from.isBefore(to)) {
      errors.add("to", "must be after from");
    } else if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
      errors.add("to", "the period may span at most 366 days");
    }
    errors.throwIfAny();
    double nominal = settings.nominalVoltage();
    double low = nominal * (1 - settings.tolerancePercent() / 100.0);
    double high = nominal * (1 + settings.tolerancePercent() / 100.0);
    Map<String, Sum> groups = new TreeMap<>();
    List<Outage> outages = new ArrayList<>();
    db.inTransaction(c -> {
      voltages(c, regionPrefix, from, to, nominal * 0.2, low, high, groupBy, groups);
      events(c, regionPrefix, from, to, groupBy, groups);
      outages.addAll(outages(c, regionPrefix, from, to));
      return null;
    });
    List<GroupQuality> out = new ArrayList<>();
    groups.forEach((name, sum) -> out.add(sum.release(name)));
    boolean truncated = outages.size() > MAX_OUTAGES;
    return new QualityReport(regionPrefix, groupBy, from, to, low, high, out,
        truncated ? outages.subList(0, MAX_OUTAGES) : outages, truncated);
  }

  private void voltages(Connection c, String prefix, Instant from, Instant to, double noSupply, double low,
      double high, GroupBy groupBy, Map<String, Sum> groups) throws SQLException {
    StringBuilder inner = new StringBuilder("SELECT r.meter_id, m.region");
    StringBuilder outer = new StringBuilder("SELECT meter_id, region");
    for (int i = 0; i < PHASES.length; i++) {
      inner.append(", CASE WHEN r.").append(PHASES[i]).append(" >= ? THEN r.").append(PHASES[i]).append(" END AS v")
          .append(i);
      outer.append(", COUNT(v").append(i).append("), SUM(v").append(i).append("), MIN(v").append(i)
          .append("), MAX(v").append(i).append("), SUM(CASE WHEN v").append(i).append(" < ? OR v").append(i)
          .append(" > ? THEN 1 ELSE 0 END)");
    }
    inner.append(" FROM meters m JOIN readings r ON r.meter_id = m.id WHERE ")
        .append(prefix != null ? "m.region LIKE ? ESCAPE '\\' AND " : "").append("r.ts >= ? AND r.ts < ?");
    String sql = outer + " FROM (" + inner + ") x GROUP BY meter_id, region";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (int k = 0; k < PHASES.length; k++) {
        ps.setDouble(i++, low);
        ps.setDouble(i++, high);
      }
      for (int k = 0; k < PHASES.length; k++) {
        ps.setDouble(i++, noSupply);
      }
      if (prefix != null) {
        ps.setString(i++, Jdbc.likePrefix(prefix));
      }
      Jdbc.setInstant(ps, i++, from);
      Jdbc.setInstant(ps, i, to);
      ps.setFetchSize(5000);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Sum sum = groups.computeIfAbsent(groupBy.key(rs.getString(2)), g -> new Sum());
          for (int k = 0; k < PHASES.length; k++) {
            int col = 3 + k * 5;
            long count = rs.getLong(col);
            if (count > 0) {
              sum.meters.add(rs.getString(1));
              sum.samples += count;
              sum.total += rs.getDouble(col + 1);
              sum.min = Math.min(sum.min, rs.getDouble(col + 2));
              sum.max = Math.max(sum.max, rs.getDouble(col + 3));
              sum.outside += rs.getLong(col + 4);
            }
          }
        }
      }
    }
  }

  private void events(Connection c, String prefix, Instant from, Instant to, GroupBy groupBy,
      Map<String, Sum> groups) throws SQLException {
    String sql = "SELECT meter_id, region, type, COUNT(*) FROM events WHERE "
        + (prefix != null ? "region LIKE ? ESCAPE '\\' AND " : "")
        + "occurred_at >= ? AND occurred_at < ? AND type IN ('voltage_loss_l1', 'voltage_loss_l2', 'voltage_loss_l3',"
        + " 'current_loss', 'power_failure') GROUP BY meter_id, region, type";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (prefix != null) {
        ps.setString(i++, Jdbc.likePrefix(prefix));
      }
      Jdbc.setInstant(ps, i++, from);
      Jdbc.setInstant(ps, i, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Sum sum = groups.computeIfAbsent(groupBy.key(rs.getString(2)), g -> new Sum());
          sum.meters.add(rs.getString(1));
          String type = rs.getString(3);
          long count = rs.getLong(4);
          if (type.startsWith("voltage_loss")) {
            sum.voltageLoss += count;
          } else if (type.equals("current_loss")) {
            sum.currentLoss += count;
          } else {
            sum.powerFailure += count;
          }
        }
      }
    }
  }

  /** Outages overlapping the period whose region group lies within the prefix, or holds the prefix's regions. */
  private static List<Outage> outages(Connection c, String prefix, Instant from, Instant to) throws SQLException {
    String sql = "SELECT id, region, state, started_at, updated_at, cleared_at, affected_meters, restored_meters"
        + " FROM outages WHERE started_at < ? AND (cleared_at IS NULL OR cleared_at >= ?)"
        + " ORDER BY started_at DESC, id DESC";
    List<Outage> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Jdbc.setInstant(ps, 1, to);
      Jdbc.setInstant(ps, 2, from);
      ps.setFetchSize(MAX_OUTAGES + 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && out.size() <= MAX_OUTAGES) {
          String region = rs.getString("region");
          if (prefix == null || region.startsWith(prefix) || prefix.startsWith(region + "/")) {
            out.add(new Outage(rs.getLong("id"), region, rs.getString("state"), Jdbc.getInstant(rs, "started_at"),
                Jdbc.getInstant(rs, "updated_at"), Jdbc.getInstant(rs, "cleared_at"), rs.getInt("affected_meters"),
                rs.getInt("restored_meters")));
          }
        }
      }
    }
    return out;
  }

  private final class Sum {
    final Set<String> meters = new HashSet<>();
    long samples;
    double total;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    long outside;
    long voltageLoss;
    long currentLoss;
    long powerFailure;

    GroupQuality release(String name) {
      var reason = suppression.group(meters.size(), 0, 0);
      if (reason.isPresent()) {
        return GroupQuality.suppressed(name, reason.get());
      }
      boolean any = samples > 0;
      return new GroupQuality(name, false, null, meters.size(), samples, any ? round1(min) : null,
          any ? round1(total / samples) : null, any ? round1(max) : null, outside, voltageLoss, currentLoss,
          powerFailure);
    }
  }

  private static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
