package io.meterhub.platform.command;

import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link CommandStore} in SQL (H2 or PostgreSQL). */
public final class JdbcCommandStore implements CommandStore {

  private static final String COLUMNS =
      "id, meter_id, type, target, reason, status, created_at, updated_at, attempts, error, deadline, actor,"
          + " idempotency_key, batch_id";
  private static final String FINAL_STATUSES = "('confirmed', 'failed', 'expired', 'cancelled')";

  private final Database db;

  public JdbcCommandStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public boolean insert(Command c) {
    Objects.requireNonNull(c, "command");
    return insertUnique(
        "INSERT INTO commands (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, c.id());
          ps.setString(2, c.meterId());
          ps.setString(3, c.type());
          ps.setString(4, c.target());
          ps.setString(5, c.reason());
          ps.setString(6, c.status().apiName());
          Jdbc.setInstant(ps, 7, c.createdAt());
          Jdbc.setInstant(ps, 8, c.updatedAt());
          ps.setInt(9, c.attempts());
          ps.setString(10, c.error());
          Jdbc.setInstant(ps, 11, c.deadline());
          ps.setString(12, c.actor());
          ps.setString(13, c.idempotencyKey());
          ps.setString(14, c.batchId());
        });
  }

  @Override
  public boolean update(Command c) {
    Objects.requireNonNull(c, "command");
    return db.withConnection(
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "UPDATE commands SET status = ?, updated_at = ?, attempts = ?, error = ? WHERE id = ?"
                      + " AND status NOT IN " + FINAL_STATUSES)) {
            ps.setString(1, c.status().apiName());
            Jdbc.setInstant(ps, 2, c.updatedAt());
            ps.setInt(3, c.attempts());
            ps.setString(4, c.error());
            ps.setString(5, c.id());
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Optional<Command> find(String id) {
    return one("SELECT " + COLUMNS + " FROM commands WHERE id = ?", Objects.requireNonNull(id, "id"));
  }

  @Override
  public Optional<Command> findByIdempotencyKey(String key) {
    return one("SELECT " + COLUMNS + " FROM commands WHERE idempotency_key = ?", Objects.requireNonNull(key, "key"));
  }

  @Override
  public Page<Command> listForMeter(String meterId, int limit, String cursor) {
    Objects.requireNonNull(meterId, "meterId");
    int size = Cursors.pageSize(limit);
    String after = Cursors.decode(cursor);
    Instant afterTime = null;
    String afterId = null;
    if (after != null) {
      int bar = after.indexOf('|');
      if (bar < 0) {
        throw new IllegalArgumentException("malformed cursor");
      }
      try {
        afterTime = Instant.parse(after.substring(0, bar));
      } catch (java.time.format.DateTimeParseException e) {
        throw new IllegalArgumentException("malformed cursor", e);
      }
      afterId = after.substring(bar + 1);
    }
    Instant time = afterTime;
    String id = afterId;
    String sql =
        "SELECT " + COLUMNS + " FROM commands WHERE meter_id = ?"
            + (time != null ? " AND (created_at < ? OR (created_at = ? AND id < ?))" : "")
            + " ORDER BY created_at DESC, id DESC LIMIT ?";
    List<Command> rows =
        db.withConnection(
            conn -> {
              try (PreparedStatement ps = conn.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, meterId);
                if (time != null) {
                  Jdbc.setInstant(ps, i++, time);
                  Jdbc.setInstant(ps, i++, time);
                  ps.setString(i++, id);
                }
                ps.setInt(i, size + 1);
                return readAll(ps);
              }
            });
    return Page.cut(rows, size, last -> last.createdAt() + "|" + last.id());
  }

  @Override
  public List<Command> unfinished() {
    return db.withConnection(
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "SELECT " + COLUMNS + " FROM commands WHERE status IN ('pending', 'sent') ORDER BY created_at, id")) {
            return readAll(ps);
          }
        });
  }

  @Override
  public Map<CommandStatus, Long> countByBatch(String batchId) {
    Objects.requireNonNull(batchId, "batchId");
    return db.withConnection(
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement("SELECT status, COUNT(*) AS n FROM commands WHERE batch_id = ? GROUP BY status")) {
            ps.setString(1, batchId);
            Map<CommandStatus, Long> counts = new EnumMap<>(CommandStatus.class);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                counts.put(CommandStatus.fromApiName(rs.getString("status")), rs.getLong("n"));
              }
            }
            return counts;
          }
        });
  }

  @Override
  public boolean insertBatch(RelayBatch b) {
    Objects.requireNonNull(b, "batch");
    return insertUnique(
        "INSERT INTO relay_batches (id, target, reason, selector, meter_count, actor, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)",
        ps -> {
          ps.setString(1, b.id());
          ps.setString(2, b.target());
          ps.setString(3, b.reason());
          ps.setString(4, b.selector());
          ps.setInt(5, b.meterCount());
          ps.setString(6, b.actor());
          Jdbc.setInstant(ps, 7, b.createdAt());
        });
  }

  @Override
  public Optional<RelayBatch> findBatch(String id) {
    Objects.requireNonNull(id, "id");
    return db.withConnection(
        conn -> {
          try (PreparedStatement ps =
              conn.prepareStatement(
                  "SELECT id, target, reason, selector, meter_count, actor, created_at FROM relay_batches"
                      + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.<RelayBatch>empty();
              }
              return Optional.of(
                  new RelayBatch(
                      rs.getString("id"),
                      rs.getString("target"),
                      rs.getString("reason"),
                      rs.getString("selector"),
                      rs.getInt("meter_count"),
                      rs.getString("actor"),
                      Jdbc.getInstant(rs, "created_at")));
            }
          }
        });
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private boolean insertUnique(String sql, Binder binder) {
    try {
      return db.withConnection(
          conn -> {
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
              binder.bind(ps);
              return ps.executeUpdate() == 1;
            }
          });
    } catch (StoreException e) {
      if (e.getCause() instanceof SQLException cause && Jdbc.isUniqueViolation(cause)) {
        return false;
      }
      throw e;
    }
  }

  private Optional<Command> one(String sql, String param) {
    return db.withConnection(
        conn -> {
          try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, param);
            List<Command> rows = readAll(ps);
            return rows.isEmpty() ? Optional.<Command>empty() : Optional.of(rows.get(0));
          }
        });
  }

  private static List<Command> readAll(PreparedStatement ps) throws SQLException {
    List<Command> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Command(
                rs.getString("id"),
                rs.getString("meter_id"),
                rs.getString("type"),
                rs.getString("target"),
                rs.getString("reason"),
                CommandStatus.fromApiName(rs.getString("status")),
                Jdbc.getInstant(rs, "created_at"),
                Jdbc.getInstant(rs, "updated_at"),
                rs.getInt("attempts"),
                rs.getString("error"),
                Jdbc.getInstant(rs, "deadline"),
                rs.getString("actor"),
                rs.getString("idempotency_key"),
                rs.getString("batch_id")));
      }
    }
    return out;
  }
}
