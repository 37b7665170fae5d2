package io.meterhub.platform.analytics;

import io.meterhub.platform.analytics.LoadReport.GroupLoad;
import io.meterhub.platform.analytics.LoadReport.IntervalLoad;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Grid load curves from the readings table. SQL reduces the readings to one row per meter and interval (first and
 * last register value, highest power), streamed in meter order; Java interpolates each meter's register over the
 * interval boundaries ({@link RegisterCurve}) and folds the meters into their groups, so memory grows with groups ×
 * intervals, not with meters or readings. Blocking.
 */
public final class LoadCurves {

  /** Readings this far outside the period anchor the interpolation at its edges. */
  static final Duration LOOKAROUND = Duration.ofDays(1);

  static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  private final Database db;
  private final AnalyticsSettings settings;
  private final Suppression suppression;

  public LoadCurves(Database db, AnalyticsSettings settings) {
    this.db = Objects.requireNonNull(db, "db");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.suppression = new Suppression(settings);
  }

  /** Checks the limits of a query: ValidationException (400) naming the parameter when it breaks one. */
  public void validate(LoadQuery q) {
    FieldErrors errors = new FieldErrors();
    if (!q.from().isBefore(q.to())) {
      errors.add("to", "must be after from");
    }
    if (q.interval().compareTo(MIN_INTERVAL) < 0 || q.interval().toSeconds() % 60 != 0
        || q.interval().toNanosPart() != 0) {
      errors.add("interval", "must be whole minutes, at least PT1M");
    } else if (q.from().isBefore(q.to()) && q.intervalCount() > settings.maxIntervals()) {
      errors.add("interval", "asks for " + q.intervalCount() + " intervals; at most " + settings.maxIntervals()
          + " are allowed per query (choose a longer interval or a shorter period)");
    }
    errors.throwIfAny();
  }

  /** The load curves of every group; groups without any register data in the period are left out. */
  public LoadReport load(LoadQuery q) {
    validate(q);
    Instant[] bounds = q.boundaries();
    int n = bounds.length - 1;
    Map<String, GroupSum> groups = new TreeMap<>();
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql(q.regionPrefix() != null))) {
        int i = 1;
        Jdbc.setInstant(ps, i++, q.from());
        Jdbc.setInstant(ps, i++, q.to());
        ps.setLong(i++, n);
        ps.setLong(i++, q.from().getEpochSecond());
        ps.setLong(i++, q.interval().toSeconds());
        if (q.regionPrefix() != null) {
          ps.setString(i++, Jdbc.likePrefix(q.regionPrefix()));
        }
        Jdbc.setInstant(ps, i++, q.from().minus(LOOKAROUND));
        Jdbc.setInstant(ps, i, q.to().plus(LOOKAROUND));
        ps.setFetchSize(5000);
        try (ResultSet rs = ps.executeQuery()) {
          fold(rs, bounds, q.groupBy(), groups);
        }
      }
      return null;
    });
    List<GroupLoad> out = new ArrayList<>(groups.size());
    groups.forEach((name, sum) -> {
      if (sum.meterCount > 0) {
        out.add(sum.release(name, bounds));
      }
    });
    return new LoadReport(q, settings.ruleName(), settings.minGroupMeters(), settings.maxSharePercent(), out);
  }

  private static String sql(boolean byRegion) {
    // Readings outside the period collapse into one row before (-1) and one after (n): anchors only.
    return "SELECT meter_id, region, b, MIN(CASE WHEN e IS NOT NULL THEN ts END) AS first_ts,"
        + " MAX(CASE WHEN e IS NOT NULL THEN ts END) AS last_ts, MIN(e) AS e_min, MAX(e) AS e_max, MAX(p) AS p_max"
        + " FROM (SELECT r.meter_id, m.region, r.ts, r.energy_wh AS e, r.power_kw AS p,"
        + " CASE WHEN r.ts < ? THEN -1 WHEN r.ts >= ? THEN ? ELSE"
        // Whole seconds and integer division: H2 rounds a NUMERIC quotient, which would move readings a bucket on.
        + " (CAST(FLOOR(EXTRACT(EPOCH FROM r.ts)) AS BIGINT) - ?) / ? END AS b"
        + " FROM meters m JOIN readings r ON r.meter_id = m.id"
        + " WHERE " + (byRegion ? "m.region LIKE ? ESCAPE '\\' AND " : "") + "r.ts >= ? AND r.ts < ?) x"
        + " GROUP BY meter_id, region, b ORDER BY meter_id, b";
  }

  private void fold(ResultSet rs, Instant[] bounds, GroupBy groupBy, Map<String, GroupSum> groups)
      throws SQLException {
    RegisterCurve curve = new RegisterCurve(bounds);
    int n = bounds.length - 1;
    double[] peaks = new double[n];
    boolean[] hasPeak = new boolean[n];
    String meter = null;
    String group = null;
    while (rs.next()) {
      String id = rs.getString("meter_id");
      if (!id.equals(meter)) {
        if (meter != null) {
          groups.computeIfAbsent(group, g -> new GroupSum(n)).add(curve, peaks, hasPeak);
        }
        meter = id;
        group = groupBy.key(rs.getString("region"));
        curve.reset();
        java.util.Arrays.fill(peaks, 0);
        java.util.Arrays.fill(hasPeak, false);
      }
      long b = rs.getLong("b");
      Instant first = Jdbc.getInstant(rs, "first_ts");
      if (first != null) {
        curve.add(first, rs.getLong("e_min"));
        curve.add(Jdbc.getInstant(rs, "last_ts"), rs.getLong("e_max"));
      }
      Double p = Jdbc.getDouble(rs, "p_max");
      if (p != null && b >= 0 && b < n) {
        peaks[(int) b] = Math.max(peaks[(int) b], p);
        hasPeak[(int) b] = true;
      }
    }
    if (meter != null) {
      groups.computeIfAbsent(group, g -> new GroupSum(n)).add(curve, peaks, hasPeak);
    }
  }

  /** Running sums of one group over its meters. */
  private final class GroupSum {
    final long[] energy;
    final int[] meters;
    final long[] largest;
    final double[] peak;
    final boolean[] hasPeak;
    int meterCount;
    long total;
    long largestTotal;

    GroupSum(int n) {
      energy = new long[n];
      meters = new int[n];
      largest = new long[n];
      peak = new double[n];
      hasPeak = new boolean[n];
    }

    void add(RegisterCurve curve, double[] peaks, boolean[] peaked) {
      boolean any = false;
      for (int k = 0; k < energy.length; k++) {
        if (curve.covered(k)) {
          any = true;
          long e = curve.energyWh(k);
          energy[k] += e;
          meters[k]++;
          largest[k] = Math.max(largest[k], e);
        }
        if (peaked[k]) {
          peak[k] += peaks[k];
          hasPeak[k] = true;
        }
      }
      if (any) {
        meterCount++;
        long t = curve.totalWh();
        total += t;
        largestTotal = Math.max(largestTotal, t);
      }
    }

    GroupLoad release(String name, Instant[] bounds) {
      Optional<String> reason = suppression.group(meterCount, largestTotal, total);
      for (int k = 0; reason.isEmpty() && k < energy.length; k++) {
        reason = suppression.interval(bounds[k], meters[k], largest[k], energy[k]);
      }
      if (reason.isPresent()) {
        return GroupLoad.suppressed(name, reason.get());
      }
      List<IntervalLoad> intervals = new ArrayList<>(energy.length);
      for (int k = 0; k < energy.length; k++) {
        intervals.add(new IntervalLoad(bounds[k], bounds[k + 1], energy[k], hasPeak[k] ? round3(peak[k]) : null,
            meters[k]));
      }
      return new GroupLoad(name, false, null, meterCount, total, intervals);
    }
  }

  private static double round3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
