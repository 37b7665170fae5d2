package io.meterhub.platform.prepay;

import io.meterhub.platform.store.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of the append-only prepay_ledger. Appends happen only with the account row locked. */
final class LedgerDao {

  private static final String COLUMNS = "id, account_id, seq, entry_type, amount, balance_after, debt_after, currency,"
      + " channel, reference, receipt_no, reverses, details, created_at";

  private LedgerDao() {}

  /** What to append; the balance and sequence come from the locked row. */
  record Draft(LedgerType type, long amount, String channel, String reference, String receiptNo, String reverses,
      String details) {
    static Draft of(LedgerType type, long amount, String details) {
      return new Draft(type, amount, null, null, null, null, details);
    }
  }

  /** Applies {@code amount} to the row's balance and inserts the entry (the caller updates the row). */
  static LedgerEntry append(Connection c, AccountRow row, Draft d, Instant now) throws SQLException {
    row.balance = Math.addExact(row.balance, d.amount());
    row.lastSeq++;
    Instant at = Jdbc.storable(now);
    LedgerEntry e = new LedgerEntry(UUID.randomUUID().toString(), row.id, row.lastSeq, d.type(), d.amount(),
        row.balance, row.debt, row.currency, d.channel(), d.reference(), d.receiptNo(), d.reverses(), d.details(), at);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO prepay_ledger (" + COLUMNS + ", entry_day)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, e.id());
      ps.setString(2, e.accountId());
      ps.setLong(3, e.seq());
      ps.setString(4, e.type().apiName());
      ps.setLong(5, e.amount());
      ps.setLong(6, e.balanceAfter());
      ps.setLong(7, e.debtAfter());
      ps.setString(8, e.currency());
      ps.setString(9, e.channel());
      ps.setString(10, e.reference());
      ps.setString(11, e.receiptNo());
      ps.setString(12, e.reverses());
      ps.setString(13, e.details());
      Jdbc.setInstant(ps, 14, at);
      ps.setObject(15, LocalDate.ofInstant(at, ZoneOffset.UTC));
      ps.executeUpdate();
    }
    return e;
  }

  static Optional<LedgerEntry> find(Connection c, String id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM prepay_ledger WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  static Optional<LedgerEntry> reversalOf(Connection c, String topUpId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM prepay_ledger WHERE reverses = ?")) {
      ps.setString(1, topUpId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** Entries of an account with seq &gt; afterSeq, oldest first. */
  static List<LedgerEntry> page(Connection c, String accountId, long afterSeq, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
        + " FROM prepay_ledger WHERE account_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
      ps.setString(1, accountId);
      ps.setLong(2, afterSeq);
      ps.setInt(3, limit);
      List<LedgerEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  private static LedgerEntry read(ResultSet rs) throws SQLException {
    return new LedgerEntry(rs.getString("id"), rs.getString("account_id"), rs.getLong("seq"),
        LedgerType.fromApiName(rs.getString("entry_type")), rs.getLong("amount"), rs.getLong("balance_after"),
        rs.getLong("debt_after"), rs.getString("currency"), rs.getString("channel"), rs.getString("reference"),
        rs.getString("receipt_no"), rs.getString("reverses"), rs.getString("details"),
        Jdbc.getInstant(rs, "created_at"));
  }
}
