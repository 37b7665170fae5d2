package io.meterhub.platform.prepay;

import io.meterhub.models.PrepaymentDisplay;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The credit state machine, applied to a locked row after every balance change: ok → low → emergency → exhausted →
 * disconnected. Exhaustion orders the relay open unless the account is protected (flagged instead) or a friendly
 * period is running (then {@link PrepayService#evaluateFriendlyPeriods} orders it after it ends). The state becomes
 * {@code disconnected} only when the meter confirms the open relay ({@link PrepayService#supplyOutcome}); while that
 * order is pending it stays {@code exhausted}. A payment that brings the balance above the reconnect threshold orders
 * the relay closed; a disconnected account leaves {@code disconnected} when the meter confirms it. Every state
 * change is audited and recorded as a {@link CreditCrossing}.
 */
final class CreditRules {

  static final String ACTOR = "system:prepay";
  static final String OFF = "off";
  static final String ON = "on";

  private CreditRules() {}

  static void settle(AccountRow row, long balanceBefore, CreditState stateBefore, Instant now, Effects fx) {
    CreditPolicy policy = row.policy;
    CreditState base = CreditState.of(row.balance, policy);
    boolean offOrdered = OFF.equals(row.supplyRequested);
    if (row.state == CreditState.DISCONNECTED || offOrdered) {
      // The relay is open or being opened: only a balance above the reconnect threshold brings it back.
      if (row.balance > policy.reconnectThreshold()) {
        if (offOrdered) {
          order(row, ON, "balance above reconnect threshold", fx);
        }
        if (row.state != CreditState.DISCONNECTED) {
          row.state = base; // the open order is superseded before the meter confirmed it
        }
      } else if (row.state == CreditState.DISCONNECTED && ON.equals(row.supplyRequested)) {
        order(row, OFF, "credit exhausted again before reconnection", fx);
      } else if (row.state != CreditState.DISCONNECTED) {
        row.state = CreditState.EXHAUSTED;
      }
    } else if (base == CreditState.EXHAUSTED) {
      row.state = CreditState.EXHAUSTED;
      if (policy.protectedCustomer()) {
        if (row.flags.add(Account.FLAG_PROTECTED_EXHAUSTED)) {
          fx.audit(ACTOR, "prepay.disconnect_suppressed", row.id,
              new JsonObject().put("reason", "protected").put("balance", row.balance).encode());
        }
      } else if (!policy.isFriendly(now)) {
        order(row, OFF, "credit exhausted", fx);
      }
    } else {
      row.state = base;
      row.flags.remove(Account.FLAG_PROTECTED_EXHAUSTED);
    }
    if (row.state != stateBefore) {
      fx.audit(ACTOR, "prepay.credit_state", row.id, new JsonObject().put("from", stateBefore.apiName())
          .put("to", row.state.apiName()).put("balance", row.balance).encode());
      fx.crossing = new CreditCrossing(0, row.id, row.meterId, stateBefore, row.state, row.balance, row.currency, now);
    }
    if (row.balance != balanceBefore || row.state != stateBefore) {
      fx.display = display(row);
    }
  }

  /** Decides a relay order in the transaction; it is issued after the commit (or by the sweep after a crash). */
  static void order(AccountRow row, String direction, String reason, Effects fx) {
    row.supplyRequested = direction;
    row.supplyOrder = null;
    row.supplyConfirmedAt = null;
    if (OFF.equals(direction)) {
      fx.disconnectReason = reason;
      fx.reconnectReason = null;
    } else {
      fx.reconnectReason = reason;
      fx.disconnectReason = null;
    }
  }

  static PrepaymentDisplay display(AccountRow row) {
    String state = switch (row.state) {
      case OK -> PrepaymentDisplay.STATE_NORMAL;
      case LOW -> PrepaymentDisplay.STATE_LOW;
      case EMERGENCY -> PrepaymentDisplay.STATE_EMERGENCY;
      case EXHAUSTED, DISCONNECTED -> PrepaymentDisplay.STATE_EXHAUSTED;
    };
    long emergency = row.policy.emergencyCredit();
    return new PrepaymentDisplay(row.balance, row.currency, state, emergency > 0 && row.balance > -emergency,
        row.state != CreditState.OK);
  }
}
