package io.meterhub.platform.prepay;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.vertx.core.json.JsonObject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link SupplyControl} that records each order durably ({@code prepay_supply_requests}, status {@code pending}) and
 * audits it in the same transaction: the system of record of what the credit policy asked for. On its own it cannot
 * learn outcomes (its orders stay pending); {@code command.RelaySupplyControl} carries the orders to the meters.
 */
public final class JdbcSupplyControl implements SupplyControl {

  private final Database db;
  private final AuditLog audit;
  private final Clock clock;

  public JdbcSupplyControl(Database db, AuditLog audit, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String disconnect(String meterId, String reason) {
    return record(meterId, "disconnect", reason);
  }

  @Override
  public String reconnect(String meterId, String reason) {
    return record(meterId, "reconnect", reason);
  }

  /** Records the order and its audit entry in one transaction; returns {@code supply-<row id>}. */
  private String record(String meterId, String action, String reason) {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(reason, "reason");
    long id = db.inTransaction(c -> {
      long rowId;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO prepay_supply_requests"
          + " (meter_id, action, reason, status, requested_at) VALUES (?, ?, ?, 'pending', ?)", new String[] {"id"})) {
        ps.setString(1, meterId);
        ps.setString(2, action);
        ps.setString(3, reason);
        Jdbc.setInstant(ps, 4, clock.instant());
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          rowId = keys.getLong(1);
        }
      }
      audit.record(c, "system:prepay", "prepay.supply." + action, meterId,
          new JsonObject().put("reason", reason).encode());
      return rowId;
    });
    return "supply-" + id;
  }

  /** Every recorded order of a meter, oldest first. */
  public List<SupplyRequest> requests(String meterId) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT id, meter_id, action, reason, status, requested_at"
          + " FROM prepay_supply_requests WHERE meter_id = ? ORDER BY id")) {
        ps.setString(1, meterId);
        List<SupplyRequest> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new SupplyRequest(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), Jdbc.getInstant(rs, "requested_at")));
          }
        }
        return out;
      }
    });
  }
}
