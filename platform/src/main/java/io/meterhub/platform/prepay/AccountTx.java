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
 * work (ledger appends change the balance), apply the credit rules, write the row, commit; then, outside the
 * transaction, carry out the effects (relay orders, display, audit). Internal.
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

  AccountTx(Database db, AuditLog audit, SupplyControl supply, DisplayPublisher display) {
    this.db = db;
    this.audit = audit;
    this.supply = supply;
    this.display = display;
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
      return Optional.ofNullable(value);
    });
    if (result.isPresent()) {
      apply(fx);
    }
    return result;
  }

  /**
   * Runs work on several accounts (by meter id) in ONE transaction, locking the rows in ascending meter order so
   * that concurrent batches on other nodes cannot deadlock with it; accounts that do not exist are skipped.
   */
  <T> java.util.Map<String, T> runMany(java.util.SortedSet<String> meterIds, Instant now, Work<T> work) {
    List<Effects> effects = new ArrayList<>();
    java.util.Map<String, T> results = db.inTransaction(c -> {
      java.util.Map<String, T> out = new java.util.HashMap<>();
      for (String meterId : meterIds) {
        Optional<AccountRow> locked = AccountDao.lockByMeter(c, meterId);
        if (locked.isEmpty()) {
          continue;
        }
        AccountRow row = locked.get();
        Effects fx = new Effects();
        fx.accountId = row.id;
        fx.meterId = row.meterId;
        long balanceBefore = row.balance;
        CreditState stateBefore = row.state;
        out.put(meterId, work.run(c, row, fx));
        CreditRules.settle(row, balanceBefore, stateBefore, now, fx);
        row.updatedAt = now;
        AccountDao.update(c, row);
        effects.add(fx);
      }
      return out;
    });
    effects.forEach(this::apply);
    return results;
  }

  /** Carries out committed effects; failures are logged, the sweep in evaluateFriendlyPeriods re-drives orders. */
  void apply(Effects fx) {
    String meterId = fx.meterId;
    String accountId = fx.accountId;
    for (Effects.Audit a : fx.audits) {
      audit.record(a.actor(), a.action(), a.target(), a.details());
    }
    try {
      if (fx.disconnectReason != null) {
        supply.disconnect(meterId, fx.disconnectReason);
        markRequested(accountId, "off");
      } else if (fx.reconnectReason != null) {
        supply.reconnect(meterId, fx.reconnectReason);
        markRequested(accountId, "on");
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
  }

  void markRequested(String accountId, String requested) {
    db.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE prepay_accounts SET supply_requested = ? WHERE id = ?")) {
        ps.setString(1, requested);
        ps.setString(2, accountId);
        return ps.executeUpdate();
      }
    });
  }
}
