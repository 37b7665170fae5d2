package io.meterhub.platform.prepay;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One money transaction on one account: lock the row (SELECT … FOR UPDATE, so every node serialises on it), run the
 * work (ledger appends change the balance), apply the credit rules, write the row, the credit-state crossing (outbox)
 * and the audit entries, commit; then, outside the transaction, carry out the effects (relay orders, display, the
 * crossing's delivery). The audit entries commit in the same transaction, so a money change can never commit without
 * its audit entry. Internal.
 */
final class AccountTx {

  private static final Logger LOG = LoggerFactory.getLogger(AccountTx.class);

  interface Work<T> {
    T run(Connection c, AccountRow row, Effects fx) throws SQLException;
  }

  private final Database db;
  private final AuditLog audit;
  private final SupplyControl supply;
  private final DisplayPublisher display;
  private final CreditAlerts alerts;
  private final MeterLanes lanes;

  AccountTx(Database db, AuditLog audit, SupplyControl supply, DisplayPublisher display, CreditAlerts alerts,
      MeterLanes lanes) {
    this.db = db;
    this.audit = audit;
    this.supply = supply;
    this.display = display;
    this.alerts = alerts;
    this.lanes = lanes;
  }

  SupplyControl supply() {
    return supply;
  }

  Database db() {
    return db;
  }

  /** Runs work on the account (by id, or by meter id); empty when there is no such account. */
  <T> Optional<T> run(String key, boolean byMeter, Instant now, Work<T> work) {
    Effects fx = new Effects();
    Optional<T> result = db.inTransaction(c -> {
      Optional<AccountRow> locked = byMeter ? AccountDao.lockByMeter(c, key) : AccountDao.lock(c, key);
      if (locked.isEmpty()) {
        return Optional.<T>empty();
      }
      AccountRow row = locked.get();
      long balanceBefore = row.balance;
      CreditState stateBefore = row.state;
      fx.accountId = row.id;
      fx.meterId = row.meterId;
      T value = work.run(c, row, fx);
      CreditRules.settle(row, balanceBefore, stateBefore, now, fx);
      row.updatedAt = now;
      AccountDao.update(c, row);
      recordCrossing(c, fx);
      appendAudits(c, fx);
      return Optional.ofNullable(value);
    });
    if (result.isPresent()) {
      carryOut(fx);
    }
    return result;
  }

  /**
   * Runs work on several accounts (by meter id) in ONE transaction, locking the rows in ascending meter order so
   * that concurrent batches on other nodes cannot deadlock with it ({@link AccountDao#lockByMeters}); accounts that
   * do not exist are skipped.
   */
  <T> java.util.Map<String, T> runMany(java.util.Collection<String> meterIds, Instant now, Work<T> work) {
    List<Effects> effects = new ArrayList<>();
    java.util.Map<String, T> results = db.inTransaction(c -> {
      java.util.Map<String, T> out = new java.util.HashMap<>();
      for (AccountRow row : AccountDao.lockByMeters(c, meterIds)) {
        String meterId = row.meterId;
        Effects fx = new Effects();
        fx.accountId = row.id;
        fx.meterId = row.meterId;
        long balanceBefore = row.balance;
        CreditState stateBefore = row.state;
        out.put(meterId, work.run(c, row, fx));
        CreditRules.settle(row, balanceBefore, stateBefore, now, fx);
        row.updatedAt = now;
        AccountDao.update(c, row);
        recordCrossing(c, fx);
        appendAudits(c, fx);
        effects.add(fx);
      }
      return out;
    });
    effects.forEach(this::carryOut);
    return results;
  }

  private static void recordCrossing(Connection c, Effects fx) throws SQLException {
    if (fx.crossing != null) {
      fx.crossing = CreditOutbox.insert(c, fx.crossing);
    }
  }

  private void appendAudits(Connection c, Effects fx) {
    for (Effects.Audit a : fx.audits) {
      audit.record(c, a.actor(), a.action(), a.target(), a.details());
    }
  }

  /**
   * Carries out committed effects on the meter's lane; failures are logged, the sweep in evaluateFriendlyPeriods
   * re-drives them.
   */
  void carryOut(Effects fx) {
    lanes.execute(fx.meterId != null ? fx.meterId : fx.accountId, () -> apply(fx));
  }

  private void apply(Effects fx) {
    String meterId = fx.meterId;
    String accountId = fx.accountId;
    try {
      if (fx.disconnectReason != null) {
        markOrdered(accountId, CreditRules.OFF, supply.disconnect(meterId, fx.disconnectReason));
      } else if (fx.reconnectReason != null) {
        markOrdered(accountId, CreditRules.ON, supply.reconnect(meterId, fx.reconnectReason));
      }
    } catch (RuntimeException e) {
      LOG.warn("relay order for account {} failed; it will be re-driven", accountId, e);
    }
    if (fx.display != null) {
      try {
        display.publish(meterId, fx.display);
      } catch (RuntimeException e) {
        LOG.warn("display update for account {} failed", accountId, e);
      }
    }
    if (fx.crossing != null) {
      deliver(fx.crossing);
    }
  }

  /** Hands a crossing to the alerts and removes it from the outbox; false when it stays there for a later attempt. */
  boolean deliver(CreditCrossing crossing) {
    try {
      alerts.crossed(crossing);
    } catch (RuntimeException e) {
      LOG.warn("credit alert {} of account {} not delivered; it will be retried", crossing.id(),
          crossing.accountId(), e);
      return false;
    }
    CreditOutbox.delete(db, crossing.id());
    return true;
  }

  /**
   * Records the reference of an issued order, unless a newer decision replaced it or the meter already confirmed
   * it (a fast meter can confirm before this runs).
   */
  void markOrdered(String accountId, String direction, String orderId) {
    db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE prepay_accounts SET supply_order = ? WHERE id = ?"
          + " AND supply_requested = ? AND supply_order IS NULL AND supply_confirmed_at IS NULL")) {
        ps.setString(1, orderId);
        ps.setString(2, accountId);
        ps.setString(3, direction);
        return ps.executeUpdate();
      }
    });
  }
}
