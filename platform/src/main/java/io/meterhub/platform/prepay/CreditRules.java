package io.meterhub.platform.prepay;

import io.meterhub.models.PrepaymentDisplay;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The credit state machine, applied to a locked row after every balance change: ok → low → emergency → exhausted →
 * disconnected. Exhaustion disconnects unless the account is protected (flagged instead) or a friendly period is
 * running (then {@link PrepayService#evaluateFriendlyPeriods} disconnects after it ends); a disconnected account is
 * reconnected once its balance is above the reconnect threshold.
 */
final class CreditRules {

  static final String ACTOR = "system:prepay";

  private CreditRules() {}

  static void settle(AccountRow row, long balanceBefore, CreditState stateBefore, Instant now, Effects fx) {
    CreditPolicy policy = row.policy;
    CreditState base = CreditState.of(row.balance, policy);
    if (row.state == CreditState.DISCONNECTED) {
      if (row.balance > policy.reconnectThreshold()) {
        row.state = base;
        fx.reconnectReason = "balance above reconnect threshold";
      }
    } else if (base == CreditState.EXHAUSTED) {
      row.state = CreditState.EXHAUSTED;
      if (policy.protectedCustomer()) {
        if (row.flags.add(Account.FLAG_PROTECTED_EXHAUSTED)) {
          fx.audit(ACTOR, "prepay.disconnect_suppressed", row.id,
              new JsonObject().put("reason", "protected").put("balance", row.balance).encode());
        }
      } else if (!policy.isFriendly(now)) {
        row.state = CreditState.DISCONNECTED;
        fx.disconnectReason = "credit exhausted";
      }
    } else {
      row.state = base;
      row.flags.remove(Account.FLAG_PROTECTED_EXHAUSTED);
    }
    if (row.state != stateBefore) {
      fx.audit(ACTOR, "prepay.credit_state", row.id, new JsonObject().put("from", stateBefore.apiName())
          .put("to", row.state.apiName()).put("balance", row.balance).encode());
    }
    if (row.balance != balanceBefore || row.state != stateBefore) {
      fx.display = display(row);
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
