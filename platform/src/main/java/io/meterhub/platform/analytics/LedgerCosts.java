package io.meterhub.platform.analytics;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Consumption charges from the prepayment ledger (read only; the prepay package writes it), by the time the charge
 * was booked. Blocking.
 */
final class LedgerCosts {

  private final Database db;

  LedgerCosts(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Charged minor units per currency of the accounts in {@code [from, to)}. */
  Map<String, Long> consumption(List<String> accountIds, Instant from, Instant to) {
    Map<String, Long> out = new TreeMap<>();
    if (accountIds.isEmpty()) {
      return out;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(accountIds.size(), "?"));
    String sql = "SELECT currency, SUM(amount) FROM prepay_ledger WHERE account_id IN (" + marks + ")"
        + " AND entry_type = 'consumption' AND created_at >= ? AND created_at < ? GROUP BY currency";
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        for (String id : accountIds) {
          ps.setString(i++, id);
        }
        Jdbc.setInstant(ps, i++, from);
        Jdbc.setInstant(ps, i, to);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getString(1), -rs.getLong(2));
          }
        }
      }
      return out;
    });
  }
}
