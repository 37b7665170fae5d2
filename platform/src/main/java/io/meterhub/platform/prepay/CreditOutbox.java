package io.meterhub.platform.prepay;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQL of prepay_outbox: credit-state crossings written in the transaction that changed the state, removed once
 * {@link CreditAlerts} took them. Internal.
 */
final class CreditOutbox {

  private CreditOutbox() {}

  /** Writes the crossing on the caller's transaction; returns it with its id. */
  static CreditCrossing insert(Connection c, CreditCrossing x) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO prepay_outbox (account_id, meter_id, from_state,"
        + " to_state, balance, currency, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
      ps.setString(1, x.accountId());
      ps.setString(2, x.meterId());
      ps.setString(3, x.from().apiName());
      ps.setString(4, x.to().apiName());
      ps.setLong(5, x.balance());
      ps.setString(6, x.currency());
      Jdbc.setInstant(ps, 7, x.occurredAt());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return new CreditCrossing(keys.getLong(1), x.accountId(), x.meterId(), x.from(), x.to(), x.balance(),
            x.currency(), Jdbc.storable(x.occurredAt()));
      }
    }
  }

  /** Crossings not yet delivered, oldest first. */
  static List<CreditCrossing> pending(Database db, int limit) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, account_id, meter_id, from_state, to_state, balance,"
          + " currency, occurred_at FROM prepay_outbox ORDER BY id LIMIT ?")) {
        ps.setInt(1, limit);
        List<CreditCrossing> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new CreditCrossing(rs.getLong(1), rs.getString(2), rs.getString(3), state(rs.getString(4)),
                state(rs.getString(5)), rs.getLong(6), rs.getString(7), Jdbc.getInstant(rs, "occurred_at")));
          }
        }
        return out;
      }
    });
  }

  static void delete(Database db, long id) {
    db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM prepay_outbox WHERE id = ?")) {
        ps.setLong(1, id);
        return ps.executeUpdate();
      }
    });
  }

  private static CreditState state(String apiName) {
    return CreditState.valueOf(apiName.toUpperCase(Locale.ROOT));
  }
}
