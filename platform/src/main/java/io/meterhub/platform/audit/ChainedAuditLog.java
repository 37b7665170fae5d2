package io.meterhub.platform.audit;

import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.InvalidCursorException;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AuditLog} as a SHA-256 hash chain in SQL. An entry is first written to {@code audit_queue} in the caller's
 * transaction; {@link #chainQueued()} then appends queued entries to {@code audit_log} in batches, in queue order,
 * under the lock of the single {@code audit_head} row (SELECT … FOR UPDATE), so that every node sharing the database
 * extends one gap-free chain. The head row also records the last seq and hash, so truncating the tail is detected by
 * {@link #verify()}.
 *
 * <p>Why a queue: when every writer took the head lock itself, all money transactions, command records and logins of
 * the whole cluster ran one after another through that lock, each holding it until its commit (the load test's
 * top-ups spent most of their time waiting for it). Now a writer only inserts a row; the chain grows a batch per
 * lock. Reads ({@link #list}, {@link #verify}) chain what is queued first, so an entry is visible to the next read
 * after its transaction commits; otherwise an {@link AuditChainer} chains the queue every fraction of a second.
 */
public final class ChainedAuditLog implements AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(ChainedAuditLog.class);
  static final String COLUMNS = "seq, at, actor, action, target, details, prev_hash, hash";
  private static final int VERIFY_FETCH_SIZE = 1000;
  /** Entries chained per transaction: bounds how long one chaining holds the head lock. */
  static final int CHAIN_BATCH = 1000;

  private final Database db;
  private final Clock clock;

  public ChainedAuditLog(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void record(String actor, String action, String target, String details) {
    db.inTransaction(c -> {
      record(c, actor, action, target, details);
      return null;
    });
  }

  @Override
  public void record(Connection c, String actor, String action, String target, String details) {
    Objects.requireNonNull(c, "transaction");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO audit_queue (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)")) {
      Jdbc.setInstant(ps, 1, Jdbc.storable(clock.instant()));
      ps.setString(2, actor);
      ps.setString(3, action);
      ps.setString(4, target);
      ps.setString(5, details);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("audit append failed", e);
    }
  }

  /** Appends every committed queued entry to the chain; returns how many. Safe to call from any node at any time. */
  public long chainQueued() {
    return chainQueued(db);
  }

  static long chainQueued(Database db) {
    long total = 0;
    int chained;
    do {
      if (!db.withConnection(ChainedAuditLog::anyQueued)) {
        break;
      }
      chained = db.inTransaction(ChainedAuditLog::chainBatch);
      total += chained;
    } while (chained == CHAIN_BATCH);
    return total;
  }

  private static boolean anyQueued(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM audit_queue ORDER BY id LIMIT 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  /**
   * Locks the head, then reads the queue: under READ COMMITTED that read sees the queue as the previous holder of the
   * lock left it, so no entry is chained twice, even by two nodes.
   */
  private static int chainBatch(Connection c) throws SQLException {
    Head head = lockHead(c);
    List<Long> ids = new ArrayList<>();
    long seq = head.seq();
    String prev = head.hash();
    try (PreparedStatement read = c.prepareStatement("SELECT id, at, actor, action, target, details FROM audit_queue"
            + " ORDER BY id LIMIT " + CHAIN_BATCH);
        PreparedStatement insert =
            c.prepareStatement("INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong("id"));
          Instant at = Jdbc.getInstant(rs, "at");
          String actor = rs.getString("actor");
          String action = rs.getString("action");
          String target = rs.getString("target");
          String details = rs.getString("details");
          seq++;
          String hash = AuditHashing.hash(seq, at, actor, action, target, details, prev);
          bind(insert, new AuditEntry(seq, at, actor, action, target, details, prev, hash));
          insert.addBatch();
          prev = hash;
        }
      }
      if (ids.isEmpty()) {
        return 0;
      }
      insert.executeBatch();
    }
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM audit_queue WHERE id = ?")) {
      for (long id : ids) {
        delete.setLong(1, id);
        delete.addBatch();
      }
      delete.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
      ps.setLong(1, seq);
      ps.setString(2, prev);
      ps.executeUpdate();
    }
    return ids.size();
  }

  private static Head lockHead(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new StoreException("audit_head row is missing: the audit log cannot be appended");
      }
      return new Head(rs.getLong(1), rs.getString(2));
    }
  }

  private static void bind(PreparedStatement ps, AuditEntry e) throws SQLException {
    ps.setLong(1, e.seq());
    Jdbc.setInstant(ps, 2, e.at());
    ps.setString(3, e.actor());
    ps.setString(4, e.action());
    ps.setString(5, e.target());
    ps.setString(6, e.details());
    ps.setString(7, e.prevHash());
    ps.setString(8, e.hash());
  }

  @Override
  public Page<AuditEntry> list(AuditQuery query) {
    Objects.requireNonNull(query, "query");
    chainQueued();
    int size = Cursors.pageSize(query.limit());
    String after = Cursors.decode(query.cursor());
    long afterSeq;
    try {
      afterSeq = after == null ? 0 : Long.parseLong(after);
    } catch (NumberFormatException e) {
      throw new InvalidCursorException(e);
    }
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM audit_log WHERE seq > ?");
    if (query.actor() != null) {
      sql.append(" AND actor = ?");
    }
    if (query.action() != null) {
      sql.append(" AND action = ?");
    }
    if (query.from() != null) {
      sql.append(" AND at >= ?");
    }
    if (query.to() != null) {
      sql.append(" AND at < ?");
    }
    sql.append(" ORDER BY seq LIMIT ?");
    List<AuditEntry> rows =
        db.withConnection(
            c -> {
              try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = 1;
                ps.setLong(i++, afterSeq);
                if (query.actor() != null) {
                  ps.setString(i++, query.actor());
                }
                if (query.action() != null) {
                  ps.setString(i++, query.action());
                }
                if (query.from() != null) {
                  Jdbc.setInstant(ps, i++, query.from());
                }
                if (query.to() != null) {
                  Jdbc.setInstant(ps, i++, query.to());
                }
                ps.setInt(i, size + 1);
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    out.add(read(rs));
                  }
                }
                return out;
              }
            });
    return Page.cut(rows, size, e -> Long.toString(e.seq()));
  }

  @Override
  public AuditVerification verify() {
    chainQueued();
    // Read the head first, then only entries up to it: appends committed meanwhile do not disturb the check, while
    // every entry the head covers must be present, linked and unaltered.
    AuditVerification result =
        db.inTransaction(
            c -> {
              Head head = readHead(c);
              if (head == null) {
                return new AuditVerification(false, 0, null, 1L);
              }
              ChainChecker checker = new ChainChecker();
              try (PreparedStatement ps =
                  c.prepareStatement("SELECT " + COLUMNS + " FROM audit_log WHERE seq <= ? ORDER BY seq")) {
                ps.setFetchSize(VERIFY_FETCH_SIZE);
                ps.setLong(1, head.seq());
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next() && checker.accept(read(rs))) {
                    // keep going until the first break
                  }
                }
              }
              return checker.finish(head.seq(), head.hash());
            });
    if (!result.valid()) {
      LOG.warn("audit chain broken at seq {} ({} entries checked)", result.firstBadSeq(), result.entries());
    }
    return result;
  }

  private static Head readHead(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : null;
    }
  }

  static AuditEntry read(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getLong("seq"),
        Jdbc.getInstant(rs, "at"),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("target"),
        rs.getString("details"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  private record Head(long seq, String hash) {}
}
