package io.meterhub.platform.prepay;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.SqlDialect;
import io.meterhub.platform.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Durable idempotency records of top-ups. {@link #begin} commits an in-flight marker on its own (the unique key makes
 * a concurrent duplicate see it); {@link #complete} turns it into the stored response inside the credit transaction,
 * so a credit and its replayable answer commit together or not at all.
 */
final class IdempotencyDao {

  sealed interface Begin permits Proceed, Replay, InFlight, Mismatch {}

  /** The caller owns the key and must credit (then {@link #complete}) or {@link #release}. */
  record Proceed(String owner) implements Begin {}

  record Replay(int status, String response) implements Begin {}

  record InFlight() implements Begin {}

  record Mismatch() implements Begin {}

  private IdempotencyDao() {}

  static Begin begin(Database db, String key, String hash, Instant now, Duration lease) {
    for (int attempt = 0; attempt < 3; attempt++) {
      String owner = UUID.randomUUID().toString();
      // Look before inserting, so that a retry (the usual repeat of a key) costs one read instead of a failed INSERT
      // and its rollback; on H2 a failed statement also empties its connection's cache of parsed statements
      Begin existing = db.withConnection(c -> existing(c, key, hash, owner, now, lease));
      if (existing != null) {
        return existing;
      }
      if (tryInsert(db, key, hash, owner, now)) {
        return new Proceed(owner);
      }
      // Another request inserted the key in between, or the row vanished (its request failed and released it)
    }
    return new InFlight();
  }

  private static boolean tryInsert(Database db, String key, String hash, String owner, Instant now) {
    try {
      return db.inTransaction(c -> {
        relaxDurability(db, c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO prepay_idempotency"
            + " (idem_key, request_hash, state, owner, created_at) VALUES (?, ?, 'in_flight', ?, ?)")) {
          ps.setString(1, key);
          ps.setString(2, hash);
          ps.setString(3, owner);
          Jdbc.setInstant(ps, 4, now);
          return ps.executeUpdate() == 1;
        }
      });
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        return false;
      }
      throw e;
    }
  }

  private static Begin existing(Connection c, String key, String hash, String owner, Instant now, Duration lease)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT request_hash, state, owner, status, response, created_at FROM prepay_idempotency WHERE idem_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        if (!rs.getString("request_hash").equals(hash)) {
          return new Mismatch();
        }
        if (rs.getString("state").equals("done")) {
          return new Replay(rs.getInt("status"), rs.getString("response"));
        }
        Instant started = Jdbc.getInstant(rs, "created_at");
        if (started.plus(lease).isAfter(now)) {
          return new InFlight();
        }
        // The node that began this request died before crediting (its transaction rolled back): take over.
        try (PreparedStatement take = c.prepareStatement("UPDATE prepay_idempotency SET owner = ?, created_at = ?"
            + " WHERE idem_key = ? AND owner = ? AND state = 'in_flight'")) {
          take.setString(1, owner);
          Jdbc.setInstant(take, 2, now);
          take.setString(3, key);
          take.setString(4, rs.getString("owner"));
          return take.executeUpdate() == 1 ? new Proceed(owner) : new InFlight();
        }
      }
    }
  }

  /**
   * The marker alone needs no flush of its own on PostgreSQL: if a crash loses it, no credit was committed either
   * (the credit's synchronous commit flushes the WAL up to and including the marker), so a retry simply begins
   * again. This saves one fsync per top-up.
   */
  private static void relaxDurability(Database db, Connection c) throws SQLException {
    if (db.dialect() == SqlDialect.POSTGRESQL) {
      try (Statement st = c.createStatement()) {
        st.execute("SET LOCAL synchronous_commit TO OFF");
      }
    }
  }

  /** Stores the response; false when the key is no longer ours (taken over), so the credit must roll back. */
  static boolean complete(Connection c, String key, String owner, int status, String response) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE prepay_idempotency SET state = 'done', status = ?,"
        + " response = ? WHERE idem_key = ? AND owner = ? AND state = 'in_flight'")) {
      ps.setInt(1, status);
      ps.setString(2, response);
      ps.setString(3, key);
      ps.setString(4, owner);
      return ps.executeUpdate() == 1;
    }
  }

  /** Drops our in-flight marker after a failed request, so a corrected retry may use the key. */
  static void release(Database db, String key, String owner) {
    db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM prepay_idempotency WHERE idem_key = ? AND owner = ? AND state = 'in_flight'")) {
        ps.setString(1, key);
        ps.setString(2, owner);
        return ps.executeUpdate();
      }
    });
  }

  /** Deletes completed records created before {@code before}; returns how many. */
  static int purge(Database db, Instant before) {
    return db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM prepay_idempotency WHERE state = 'done' AND created_at < ?")) {
        Jdbc.setInstant(ps, 1, before);
        return ps.executeUpdate();
      }
    });
  }
}
