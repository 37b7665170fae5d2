package io.meterhub.platform.event;

import io.meterhub.models.Severity;
import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@link AlarmStore} in SQL (H2 or PostgreSQL). */
public final class JdbcAlarmStore implements AlarmStore {

  private static final String COLUMNS = "id, meter_id, region, type, cause, severity, state, opened_at, updated_at,"
      + " event_count, ack_by, ack_note, acked_at, cleared_at, outage_id, details";

  private final Database db;

  public JdbcAlarmStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Raised raise(String meterId, String region, String type, String cause, Severity severity, String details,
      Instant at) {
    String key = meterId + "|" + cause;
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<Alarm> bumped = bump(key, at);
      if (bumped.isPresent()) {
        return new Raised(bumped.get(), false);
      }
      try {
        long id = insert(meterId, region, type, cause, severity, details, at, key);
        return new Raised(find(id).orElseThrow(), true);
      } catch (StoreException e) {
        if (!(e.isUniqueViolation())) {
          throw e;
        }
        // Another node opened it in between: count the event on that one.
      }
    }
    throw new StoreException("could not raise alarm " + cause + " for " + meterId);
  }

  private Optional<Alarm> bump(String key, Instant at) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE alarms SET event_count = event_count + 1, updated_at = ? WHERE open_key = ?")) {
        Jdbc.setInstant(ps, 1, at);
        ps.setString(2, key);
        if (ps.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      return selectOne(c, "open_key = ?", key);
    });
  }

  private long insert(String meterId, String region, String type, String cause, Severity severity, String details,
      Instant at, String key) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO alarms (meter_id, region, type, cause, severity,"
          + " state, opened_at, updated_at, event_count, details, open_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
          new String[] {"id"})) {
        ps.setString(1, meterId);
        ps.setString(2, region);
        ps.setString(3, type);
        ps.setString(4, cause);
        ps.setString(5, severity.name());
        ps.setString(6, AlarmState.OPEN.name());
        Jdbc.setInstant(ps, 7, at);
        Jdbc.setInstant(ps, 8, at);
        ps.setString(9, details);
        ps.setString(10, key);
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      }
    });
  }

  @Override
  public Optional<Alarm> find(long id) {
    return db.withConnection(c -> selectOne(c, "id = ?", id));
  }

  @Override
  public List<Alarm> live(String meterId, List<String> causes) {
    Objects.requireNonNull(meterId, "meterId");
    if (causes.isEmpty()) {
      return List.of();
    }
    List<Object> args = new ArrayList<>();
    for (String cause : causes) {
      args.add(meterId + "|" + cause);
    }
    String marks = String.join(", ", java.util.Collections.nCopies(causes.size(), "?"));
    return db.withConnection(c -> select(c, "open_key IN (" + marks + ") ORDER BY id", args));
  }

  @Override
  public Optional<Alarm> acknowledge(long id, String by, String note, Instant at) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE alarms SET state = ?, ack_by = ?, ack_note = ?,"
          + " acked_at = ?, updated_at = ? WHERE id = ? AND state = ?")) {
        ps.setString(1, AlarmState.ACKNOWLEDGED.name());
        ps.setString(2, by);
        ps.setString(3, note);
        Jdbc.setInstant(ps, 4, at);
        Jdbc.setInstant(ps, 5, at);
        ps.setLong(6, id);
        ps.setString(7, AlarmState.OPEN.name());
        if (ps.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      return selectOne(c, "id = ?", id);
    });
  }

  @Override
  public Optional<Alarm> clear(long id, Instant at, Long outageId) {
    return db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE alarms SET state = ?, cleared_at = ?, updated_at = ?,"
          + " outage_id = COALESCE(?, outage_id), open_key = NULL WHERE id = ? AND state <> ?")) {
        ps.setString(1, AlarmState.CLEARED.name());
        Jdbc.setInstant(ps, 2, at);
        Jdbc.setInstant(ps, 3, at);
        Jdbc.setLong(ps, 4, outageId);
        ps.setLong(5, id);
        ps.setString(6, AlarmState.CLEARED.name());
        if (ps.executeUpdate() == 0) {
          return Optional.empty();
        }
      }
      return selectOne(c, "id = ?", id);
    });
  }

  @Override
  public Page<Alarm> list(AlarmState state, String regionPrefix, int limit, String cursor) {
    int size = Cursors.pageSize(limit);
    Long beforeId = JdbcEventStore.parseCursor(Cursors.decode(cursor));
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> args = new ArrayList<>();
    if (state != null) {
      where.append(" AND state = ?");
      args.add(state.name());
    }
    if (regionPrefix != null && !regionPrefix.isEmpty()) {
      where.append(" AND region LIKE ? ESCAPE '\\'");
      args.add(Jdbc.likePrefix(regionPrefix));
    }
    if (beforeId != null) {
      where.append(" AND id < ?");
      args.add(beforeId);
    }
    where.append(" ORDER BY id DESC LIMIT ?");
    args.add(size + 1);
    List<Alarm> rows = db.withConnection(c -> select(c, where.toString(), args));
    return Page.cut(rows, size, a -> Long.toString(a.id()));
  }

  private static Optional<Alarm> selectOne(Connection c, String where, Object arg) throws SQLException {
    List<Alarm> rows = select(c, where, List.of(arg));
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static List<Alarm> select(Connection c, String where, List<Object> args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM alarms WHERE " + where)) {
      SqlArgs.bind(ps, args);
      List<Alarm> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  private static Alarm read(ResultSet rs) throws SQLException {
    return new Alarm(rs.getLong("id"), rs.getString("meter_id"), rs.getString("region"), rs.getString("type"),
        rs.getString("cause"), Severity.valueOf(rs.getString("severity")), AlarmState.valueOf(rs.getString("state")),
        Jdbc.getInstant(rs, "opened_at"), Jdbc.getInstant(rs, "updated_at"), rs.getInt("event_count"),
        rs.getString("ack_by"), rs.getString("ack_note"), Jdbc.getInstant(rs, "acked_at"),
        Jdbc.getInstant(rs, "cleared_at"), Jdbc.getLong(rs, "outage_id"), rs.getString("details"));
  }
}
