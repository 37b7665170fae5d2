package io.meterhub.platform.event;

import io.meterhub.models.Severity;
import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** {@link EventStore} in SQL (H2 or PostgreSQL). */
public final class JdbcEventStore implements EventStore {

  private static final String COLUMNS =
      "meter_id, region, type, severity, occurred_at, received_at, sequence, event_value, phase, details";

  /** Rows per multi-row INSERT on PostgreSQL (10 parameters each, well below the 32,767 parameter limit). */
  private static final int MULTI_ROW_CHUNK = 500;

  private final Database db;
  private final String insertSql;

  public JdbcEventStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
    // H2 (no ON CONFLICT) inserts row by row: a unique violation fails only that statement, not the transaction.
    this.insertSql = "INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  }

  @Override
  public List<MeterEvent> insertNew(List<MeterEvent> events) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      return List.of();
    }
    List<MeterEvent> unique = new ArrayList<>(events.size());
    Set<String> seen = new HashSet<>();
    for (MeterEvent e : events) {
      if (seen.add(key(e.meterId(), e.sequence()))) {
        unique.add(e);
      }
    }
    if (db.dialect() == SqlDialect.POSTGRESQL) {
      return db.inTransaction(c -> insertMultiRow(c, unique));
    }
    return db.inTransaction(c -> {
      List<MeterEvent> stored = new ArrayList<>(unique.size());
      try (PreparedStatement ps = c.prepareStatement(insertSql, new String[] {"id"})) {
        for (MeterEvent e : unique) {
          insertOne(ps, e).ifPresent(id -> stored.add(e.withId(id)));
        }
      }
      return stored;
    });
  }

  private static String key(String meterId, long sequence) {
    return meterId + '\u0000' + sequence;
  }

  /** PostgreSQL: one multi-row INSERT ... ON CONFLICT DO NOTHING RETURNING per chunk, not one round trip per row. */
  private static List<MeterEvent> insertMultiRow(Connection c, List<MeterEvent> events) throws SQLException {
    List<MeterEvent> stored = new ArrayList<>(events.size());
    for (int from = 0; from < events.size(); from += MULTI_ROW_CHUNK) {
      List<MeterEvent> chunk = events.subList(from, Math.min(events.size(), from + MULTI_ROW_CHUNK));
      StringBuilder sql = new StringBuilder("INSERT INTO events (").append(COLUMNS).append(") VALUES ");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      }
      sql.append(" ON CONFLICT (meter_id, sequence) DO NOTHING RETURNING id, meter_id, sequence");
      java.util.Map<String, Long> ids = new java.util.HashMap<>();
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < chunk.size(); i++) {
          bindRow(ps, i * 10, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.put(key(rs.getString(2), rs.getLong(3)), rs.getLong(1));
          }
        }
      }
      for (MeterEvent e : chunk) {
        Long id = ids.get(key(e.meterId(), e.sequence()));
        if (id != null) {
          stored.add(e.withId(id));
        }
      }
    }
    return stored;
  }

  private static void bindRow(PreparedStatement ps, int offset, MeterEvent e) throws SQLException {
    ps.setString(offset + 1, e.meterId());
    ps.setString(offset + 2, e.region());
    ps.setString(offset + 3, e.type());
    ps.setString(offset + 4, e.severity().name());
    Jdbc.setInstant(ps, offset + 5, e.occurredAt());
    Jdbc.setInstant(ps, offset + 6, e.receivedAt());
    ps.setLong(offset + 7, e.sequence());
    Jdbc.setDouble(ps, offset + 8, e.value());
    if (e.phase() == null) {
      ps.setNull(offset + 9, Types.INTEGER);
    } else {
      ps.setInt(offset + 9, e.phase());
    }
    ps.setString(offset + 10, e.details());
  }

  private static java.util.Optional<Long> insertOne(PreparedStatement ps, MeterEvent e) throws SQLException {
    bindRow(ps, 0, e);
    int rows;
    try {
      rows = ps.executeUpdate();
    } catch (SQLException ex) {
      if (Jdbc.isUniqueViolation(ex)) {
        return java.util.Optional.empty();
      }
      throw ex;
    }
    if (rows == 0) {
      return java.util.Optional.empty();
    }
    try (ResultSet keys = ps.getGeneratedKeys()) {
      keys.next();
      return java.util.Optional.of(keys.getLong(1));
    }
  }

  @Override
  public Page<MeterEvent> list(EventQuery q) {
    Objects.requireNonNull(q, "query");
    int size = Cursors.pageSize(q.limit());
    String after = Cursors.decode(q.cursor());
    Long beforeId = parseCursor(after);
    StringBuilder sql = new StringBuilder("SELECT id, ").append(COLUMNS).append(" FROM events WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.meterId() != null) {
      sql.append(" AND meter_id = ?");
      args.add(q.meterId());
    }
    if (q.regionPrefix() != null && !q.regionPrefix().isEmpty()) {
      sql.append(" AND region LIKE ? ESCAPE '\\'");
      args.add(Jdbc.likePrefix(q.regionPrefix()));
    }
    if (q.type() != null) {
      sql.append(" AND type = ?");
      args.add(q.type());
    }
    if (q.from() != null) {
      sql.append(" AND occurred_at >= ?");
      args.add(q.from());
    }
    if (q.to() != null) {
      sql.append(" AND occurred_at < ?");
      args.add(q.to());
    }
    if (beforeId != null) {
      sql.append(" AND id < ?");
      args.add(beforeId);
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    args.add(size + 1);
    List<MeterEvent> rows = db.withConnection(c -> query(c, sql.toString(), args));
    return Page.cut(rows, size, e -> Long.toString(e.id()));
  }

  static Long parseCursor(String key) {
    if (key == null) {
      return null;
    }
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed cursor", e);
    }
  }

  private static List<MeterEvent> query(Connection c, String sql, List<Object> args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      SqlArgs.bind(ps, args);
      List<MeterEvent> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  @Override
  public long count() {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  private static MeterEvent read(ResultSet rs) throws SQLException {
    int phase = rs.getInt("phase");
    Integer phaseOrNull = rs.wasNull() ? null : phase;
    return new MeterEvent(rs.getLong("id"), rs.getString("meter_id"), rs.getString("region"), rs.getString("type"),
        Severity.valueOf(rs.getString("severity")), Jdbc.getInstant(rs, "occurred_at"),
        Jdbc.getInstant(rs, "received_at"), rs.getLong("sequence"), Jdbc.getDouble(rs, "event_value"), phaseOrNull,
        rs.getString("details"));
  }
}
