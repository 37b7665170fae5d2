package io.meterhub.platform.consent;

import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Append-only granularity history per meter in SQL; the highest seq is in force. */
public final class JdbcConsentStore {

  private static final String COLUMNS = "meter_id, seq, granularity, basis, recorded_by, evidence, actor, recorded_at";

  private final Database db;

  public JdbcConsentStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Appends a record after the meter's last one; ConflictException when another writer took that seq. */
  public ConsentRecord append(ConsentRecord draft) {
    Objects.requireNonNull(draft, "draft");
    try {
      return db.inTransaction(
          c -> {
            long seq;
            try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM meter_consents WHERE meter_id = ?")) {
              ps.setString(1, draft.meterId());
              try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getLong(1) + 1;
              }
            }
            ConsentRecord record =
                new ConsentRecord(draft.meterId(), seq, draft.granularity(), draft.basis(), draft.recordedBy(),
                    draft.evidence(), draft.actor(), Jdbc.storable(draft.recordedAt()));
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO meter_consents (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
              ps.setString(1, record.meterId());
              ps.setLong(2, record.seq());
              ps.setString(3, record.granularity().apiName());
              ps.setString(4, record.basis().apiName());
              ps.setString(5, record.recordedBy());
              ps.setString(6, record.evidence());
              ps.setString(7, record.actor());
              Jdbc.setInstant(ps, 8, record.recordedAt());
              ps.executeUpdate();
            }
            return record;
          });
    } catch (io.meterhub.platform.store.StoreException e) {
      if (e.isUniqueViolation()) {
        throw new ConflictException("The meter's consent changed meanwhile; retry");
      }
      throw e;
    }
  }

  /** The record in force, if any. */
  public Optional<ConsentRecord> current(String meterId) {
    List<ConsentRecord> history = query(
        "SELECT " + COLUMNS + " FROM meter_consents WHERE meter_id = ? ORDER BY seq DESC LIMIT 1", meterId);
    return history.isEmpty() ? Optional.empty() : Optional.of(history.get(0));
  }

  /** Every record of a meter, oldest first. */
  public List<ConsentRecord> history(String meterId) {
    return query("SELECT " + COLUMNS + " FROM meter_consents WHERE meter_id = ? ORDER BY seq", meterId);
  }

  /** The granularity in force per meter, for every meter with a record. */
  public Map<String, Granularity> allCurrent() {
    return db.withConnection(
        c -> {
          Map<String, Granularity> out = new HashMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT meter_id, granularity FROM meter_consents m WHERE seq ="
                          + " (SELECT MAX(seq) FROM meter_consents x WHERE x.meter_id = m.meter_id)");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(rs.getString(1), Granularity.fromApiName(rs.getString(2)).orElseThrow());
            }
          }
          return out;
        });
  }

  private List<ConsentRecord> query(String sql, String meterId) {
    Objects.requireNonNull(meterId, "meterId");
    return db.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, meterId);
            List<ConsentRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(read(rs));
              }
            }
            return out;
          }
        });
  }

  private static ConsentRecord read(ResultSet rs) throws SQLException {
    return new ConsentRecord(
        rs.getString("meter_id"),
        rs.getLong("seq"),
        Granularity.fromApiName(rs.getString("granularity")).orElseThrow(),
        ConsentBasis.fromApiName(rs.getString("basis")).orElseThrow(),
        rs.getString("recorded_by"),
        rs.getString("evidence"),
        rs.getString("actor"),
        Jdbc.getInstant(rs, "recorded_at"));
  }
}
