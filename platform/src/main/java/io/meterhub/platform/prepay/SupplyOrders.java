package io.meterhub.platform.prepay;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Follows the credit policy's relay orders to their outcome: a confirmed open relay makes an exhausted account
 * {@code disconnected}, a confirmed closed relay lets a disconnected one leave that state; a failed order is issued
 * again. Outcomes arrive from the command pipeline as they happen ({@link #outcome}); {@link #sweep} catches up on
 * what a crash or a lost notification left behind. Internal; see {@link PrepayService}.
 */
final class SupplyOrders {

  private final AccountTx tx;

  SupplyOrders(AccountTx tx) {
    this.tx = tx;
  }

  /** Applies a reported outcome of a relay order for {@code meterId}; false when the account was not waiting for it. */
  boolean outcome(String meterId, boolean relayOpen, String orderId, SupplyOutcome outcome, Instant now) {
    String direction = relayOpen ? CreditRules.OFF : CreditRules.ON;
    return tx.run(meterId, true, now, (c, row, fx) -> {
      if (!direction.equals(row.supplyRequested) || row.supplyConfirmedAt != null) {
        return false;
      }
      if (outcome == SupplyOutcome.CONFIRMED) {
        // Matched by direction, not by order id: whatever order opened (closed) the relay, the meter's state is what
        // the policy asked for, and a fast meter may confirm before the order id was recorded.
        row.supplyConfirmedAt = now;
        if (row.supplyOrder == null) {
          row.supplyOrder = orderId;
        }
        if (relayOpen && row.state == CreditState.EXHAUSTED) {
          row.state = CreditState.DISCONNECTED;
        } else if (!relayOpen && row.state == CreditState.DISCONNECTED) {
          row.state = CreditState.of(row.balance, row.policy);
        }
        fx.audit(CreditRules.ACTOR, "prepay.supply.confirmed", row.id, details(direction, orderId).encode());
        return true;
      }
      if (outcome == SupplyOutcome.FAILED && orderId != null && orderId.equals(row.supplyOrder)) {
        row.supplyOrder = null; // the sweep issues it again
        fx.audit(CreditRules.ACTOR, "prepay.supply.failed", row.id, details(direction, orderId).encode());
        return true;
      }
      return false;
    }).orElse(false);
  }

  /** Issues orders that were decided but not issued (or failed) and collects outcomes; returns orders issued. */
  int sweep(Instant now) {
    int issued = 0;
    List<String> ids = tx.db().withConnection(c -> AccountDao.ids(c,
        "supply_requested IS NOT NULL AND supply_confirmed_at IS NULL"));
    for (String id : ids) {
      Optional<AccountRow> row = tx.db().withConnection(c -> AccountDao.find(c, id));
      if (row.isEmpty() || row.get().supplyRequested == null || row.get().supplyConfirmedAt != null) {
        continue;
      }
      AccountRow a = row.get();
      boolean open = CreditRules.OFF.equals(a.supplyRequested);
      SupplyOutcome known = a.supplyOrder == null ? SupplyOutcome.FAILED : tx.supply().outcome(a.supplyOrder);
      if (known == SupplyOutcome.CONFIRMED) {
        outcome(a.meterId, open, a.supplyOrder, known, now);
      } else if (known == SupplyOutcome.FAILED) {
        if (a.supplyOrder != null) {
          outcome(a.meterId, open, a.supplyOrder, known, now);
        }
        Effects fx = new Effects();
        fx.accountId = a.id;
        fx.meterId = a.meterId;
        if (open) {
          fx.disconnectReason = "credit exhausted (re-driven)";
        } else {
          fx.reconnectReason = "balance above reconnect threshold (re-driven)";
        }
        tx.carryOut(fx);
        issued++;
      }
    }
    return issued;
  }

  private static JsonObject details(String direction, String orderId) {
    return new JsonObject().put("action", CreditRules.OFF.equals(direction) ? "disconnect" : "reconnect")
        .put("order", orderId);
  }
}
