package io.meterhub.platform.prepay;

import io.meterhub.platform.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Computes {@link Reconciliation}s with SQL aggregates. Internal. */
final class Reconciler {

  private Reconciler() {}

  static Reconciliation reconcile(Database db, LocalDate day) {
    return db.withConnection(c -> {
      Map<String, long[]> totals = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT channel, currency, COUNT(*), SUM(amount)"
          + " FROM prepay_ledger WHERE entry_day = ? AND entry_type = 'topup' GROUP BY channel, currency")) {
        ps.setObject(1, day);
        collect(ps, totals, 0);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT t.channel, t.currency, COUNT(*), SUM(t.amount)"
          + " FROM prepay_ledger r JOIN prepay_ledger t ON r.reverses = t.id"
          + " WHERE r.entry_day = ? AND r.entry_type = 'reversal' GROUP BY t.channel, t.currency")) {
        ps.setObject(1, day);
        collect(ps, totals, 2);
      }
      List<Reconciliation.ChannelTotal> channels = new ArrayList<>();
      totals.forEach((k, v) -> {
        String[] parts = k.split("\u0000", 2);
        channels.add(new Reconciliation.ChannelTotal(parts[0], parts[1], v[0], v[1], v[2], v[3], v[1] - v[3]));
      });
      return new Reconciliation(day, channels, count(c), mismatches(c));
    });
  }

  private static void collect(PreparedStatement ps, Map<String, long[]> totals, int offset) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long[] v = totals.computeIfAbsent(rs.getString(1) + "\u0000" + rs.getString(2), k -> new long[4]);
        v[offset] = rs.getLong(3);
        v[offset + 1] = rs.getLong(4);
      }
    }
  }

  private static long count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM prepay_accounts");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Reconciliation.Mismatch> mismatches(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.balance, a.last_seq,"
        + " COALESCE(SUM(l.amount), 0) AS total, COUNT(l.id) AS entries"
        + " FROM prepay_accounts a LEFT JOIN prepay_ledger l ON l.account_id = a.id"
        + " GROUP BY a.id, a.balance, a.last_seq"
        + " HAVING a.balance <> COALESCE(SUM(l.amount), 0) OR a.last_seq <> COUNT(l.id)"
        + " ORDER BY a.id LIMIT 1000");
        ResultSet rs = ps.executeQuery()) {
      List<Reconciliation.Mismatch> out = new ArrayList<>();
      while (rs.next()) {
        out.add(new Reconciliation.Mismatch(rs.getString("id"), rs.getLong("balance"), rs.getLong("total"),
            rs.getLong("entries"), rs.getLong("last_seq")));
      }
      return out;
    }
  }
}
