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
 * {@link AuditLog} as a SHA-256 hash chain in SQL. Appends lock the single {@code audit_head} row (SELECT … FOR
 * UPDATE), so appends from every node sharing the database form one gap-free chain; the head row also records the
 * last seq and hash, so truncating the tail is detected by {@link #verify()}.
 */
public final class ChainedAuditLog implements AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(ChainedAuditLog.class);
  static final String COLUMNS = "seq, at, actor, action, target, details, prev_hash, hash";
  private static final int VERIFY_FETCH_SIZE = 1000;

  private final Database db;
  private final Clock clock;

  public ChainedAuditLog(Database db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public AuditEntry record(String actor, String action, String target, String details) {
    return db.inTransaction(c -> record(c, actor, action, target, details));
  }

  @Override
  public AuditEntry record(Connection c, String actor, String action, String target, String details) {
    Objects.requireNonNull(c, "transaction");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    try {
      Head head = lockHead(c);
      long seq = head.seq() + 1;
      Instant at = Jdbc.storable(clock.instant());
      String hash = AuditHashing.hash(seq, at, actor, action, target, details, head.hash());
      AuditEntry entry = new AuditEntry(seq, at, actor, action, target, details, head.hash(), hash);
      insert(c, entry);
      try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
        ps.setLong(1, seq);
        ps.setString(2, hash);
        ps.executeUpdate();
      }
      return entry;
    } catch (SQLException e) {
      throw new StoreException("audit append failed", e);
    }
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

  private static void insert(Connection c, AuditEntry e) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO audit_log (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, e.seq());
      Jdbc.setInstant(ps, 2, e.at());
      ps.setString(3, e.actor());
      ps.setString(4, e.action());
      ps.setString(5, e.target());
      ps.setString(6, e.details());
      ps.setString(7, e.prevHash());
      ps.setString(8, e.hash());
      ps.executeUpdate();
    }
  }

  @Override
  public Page<AuditEntry> list(AuditQuery query) {
    Objects.requireNonNull(query, "query");
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
    if (rows.size() <= size) {
      return new Page<>(rows, null);
    }
    List<AuditEntry> items = rows.subList(0, size);
    return new Page<>(items, Cursors.encode(Long.toString(items.get(size - 1).seq())));
  }

  @Override
  public AuditVerification verify() {
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
