package io.meterhub.platform.event;

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

/**
 * Supply losses per meter and outage incidents per region group, in SQL (H2 or PostgreSQL). Kept in SQL rather than
 * in memory so that correlation survives restarts and sees the losses reported to every node. Blocking.
 */
public final class JdbcOutageStore {

  private static final String COLUMNS =
      "id, region, state, started_at, updated_at, cleared_at, affected_meters, restored_meters";

  /** An outage just opened, with the meters folded into it. */
  public record Opened(Outage outage, List<String> meterIds) {}

  /** The outage a restored meter belonged to, and, when this restore cleared it, the meters still without supply. */
  public record Restored(Outage outage, boolean cleared, List<String> stillLost) {}

  private final Database db;

  public JdbcOutageStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /** Records that a meter lost supply (kept at its first loss until it reports a restore). */
  public void recordLoss(String meterId, String group, Instant at) {
    try {
      db.withConnection(c -> {
        try (PreparedStatement ps =
            c.prepareStatement("INSERT INTO supply_losses (meter_id, grp, lost_at) VALUES (?, ?, ?)")) {
          ps.setString(1, meterId);
          ps.setString(2, group);
          Jdbc.setInstant(ps, 3, at);
          return ps.executeUpdate();
        }
      });
    } catch (StoreException e) {
      if (!(e.isUniqueViolation())) {
        throw e;
      }
    }
  }

  /** Meters of the group that lost supply at or after {@code since} and have not reported a restore. */
  public int recentLosses(String group, Instant since) {
    return db.withConnection(c -> {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT COUNT(*) FROM supply_losses WHERE grp = ? AND lost_at >= ?")) {
        ps.setString(1, group);
        Jdbc.setInstant(ps, 2, since);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  /** The open outage of a group. */
  public Optional<Outage> openFor(String group) {
    return db.withConnection(c -> selectOne(c, "open_key = ?", group));
  }

  /**
   * Opens an outage for the group and folds every meter of the group without supply into it; empty when another
   * node opened one first.
   */
  public Optional<Opened> open(String group, Instant at) {
    try {
      return Optional.of(db.inTransaction(c -> {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outages (region, state, started_at, updated_at,"
            + " affected_meters, restored_meters, open_key) VALUES (?, ?, ?, ?, 0, 0, ?)", new String[] {"id"})) {
          ps.setString(1, group);
          ps.setString(2, Outage.OPEN);
          Jdbc.setInstant(ps, 3, at);
          Jdbc.setInstant(ps, 4, at);
          ps.setString(5, group);
          ps.executeUpdate();
          try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
          }
        }
        List<String> meters = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT meter_id FROM supply_losses WHERE grp = ? AND outage_id IS NULL ORDER BY meter_id")) {
          ps.setString(1, group);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              meters.add(rs.getString(1));
            }
          }
        }
        update(c, "UPDATE supply_losses SET outage_id = ? WHERE grp = ? AND outage_id IS NULL", id, group);
        update(c, "UPDATE outages SET affected_meters = ? WHERE id = ?", meters.size(), id);
        return new Opened(selectOne(c, "id = ?", id).orElseThrow(), meters);
      }));
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Folds a meter that lost supply into an open outage; empty when it already was in one. */
  public Optional<Outage> attach(String meterId, long outageId, Instant at) {
    return db.inTransaction(c -> {
      lockOutage(c, outageId);
      if (update(c, "UPDATE supply_losses SET outage_id = ? WHERE meter_id = ? AND outage_id IS NULL", outageId,
          meterId) == 0) {
        return Optional.empty();
      }
      update(c, "UPDATE outages SET affected_meters = affected_meters + 1, updated_at = ? WHERE id = ?", at,
          outageId);
      return selectOne(c, "id = ?", outageId);
    });
  }

  /**
   * A meter reported its supply back: forgets its loss, counts it restored in its outage, and clears the outage once
   * at least {@code clearRatio} of its meters are restored.
   *
   * @return the meter's outage, if it was in one
   */
  public Optional<Restored> restore(String meterId, Instant at, double clearRatio) {
    return db.inTransaction(c -> {
      Optional<Loss> loss = loss(c, meterId);
      if (loss.isEmpty()) {
        return Optional.<Restored>empty();
      }
      Long outageId = loss.get().outageId();
      if (outageId != null) {
        lockOutage(c, outageId);
        // read again under the lock: a restore that cleared the outage meanwhile has detached this meter from it
        outageId = loss(c, meterId).map(Loss::outageId).orElse(null);
      }
      update(c, "DELETE FROM supply_losses WHERE meter_id = ?", meterId);
      if (outageId == null) {
        return Optional.<Restored>empty();
      }
      update(c, "UPDATE outages SET restored_meters = restored_meters + 1, updated_at = ? WHERE id = ?", at,
          outageId);
      Outage outage = selectOne(c, "id = ?", outageId).orElseThrow();
      boolean clears = outage.state().equals(Outage.OPEN)
          && outage.restoredMeters() >= Math.ceil(clearRatio * outage.affectedMeters());
      if (!clears || update(c, "UPDATE outages SET state = ?, cleared_at = ?, open_key = NULL WHERE id = ? AND"
          + " open_key IS NOT NULL", Outage.CLEARED, at, outageId) == 0) {
        return Optional.of(new Restored(outage, false, List.of()));
      }
      List<String> still = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT meter_id FROM supply_losses WHERE outage_id = ? ORDER BY meter_id")) {
        ps.setLong(1, outageId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            still.add(rs.getString(1));
          }
        }
      }
      // Meters still without supply leave the cleared incident and are handled one by one again.
      update(c, "UPDATE supply_losses SET outage_id = NULL WHERE outage_id = ?", outageId);
      return Optional.of(new Restored(selectOne(c, "id = ?", outageId).orElseThrow(), true, still));
    });
  }

  /** A meter's recorded supply loss and the outage it belongs to (null: none). */
  private record Loss(Long outageId) {}

  private static Optional<Loss> loss(Connection c, String meterId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT outage_id FROM supply_losses WHERE meter_id = ?")) {
      ps.setString(1, meterId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Loss(Jdbc.getLong(rs, "outage_id"))) : Optional.empty();
      }
    }
  }

  /**
   * Locks the outage row. Every transaction that changes an outage and its meters' losses takes the outage first (the
   * restore that clears an outage detaches all its remaining meters): in the opposite order, a meter's restore and
   * the clearing restore of another meter deadlocked (seen in the load test's outage bursts).
   */
  private static void lockOutage(Connection c, long outageId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM outages WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, outageId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
      }
    }
  }

  /** Number of open outages. */
  public long countOpen() {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM outages WHERE state = ?")) {
        ps.setString(1, Outage.OPEN);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /** Outages in {@code state} (null = any), newest first. */
  public Page<Outage> list(String state, int limit, String cursor) {
    int size = Cursors.pageSize(limit);
    Long beforeId = JdbcEventStore.parseCursor(Cursors.decode(cursor));
    StringBuilder where = new StringBuilder("1 = 1");
    List<Object> args = new ArrayList<>();
    if (state != null) {
      where.append(" AND state = ?");
      args.add(state);
    }
    if (beforeId != null) {
      where.append(" AND id < ?");
      args.add(beforeId);
    }
    where.append(" ORDER BY id DESC LIMIT ?");
    args.add(size + 1);
    List<Outage> rows = db.withConnection(c -> select(c, where.toString(), args));
    return Page.cut(rows, size, o -> Long.toString(o.id()));
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      SqlArgs.bind(ps, List.of(args));
      return ps.executeUpdate();
    }
  }

  private static Optional<Outage> selectOne(Connection c, String where, Object arg) throws SQLException {
    List<Outage> rows = select(c, where, List.of(arg));
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static List<Outage> select(Connection c, String where, List<Object> args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM outages WHERE " + where)) {
      SqlArgs.bind(ps, args);
      List<Outage> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Outage(rs.getLong("id"), rs.getString("region"), rs.getString("state"),
              Jdbc.getInstant(rs, "started_at"), Jdbc.getInstant(rs, "updated_at"), Jdbc.getInstant(rs, "cleared_at"),
              rs.getInt("affected_meters"), rs.getInt("restored_meters")));
        }
      }
      return out;
    }
  }
}
