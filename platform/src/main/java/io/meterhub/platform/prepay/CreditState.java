package io.meterhub.platform.prepay;

import java.util.Locale;

/** Credit state of an account: ok → low → emergency → exhausted → disconnected (after the relay was ordered open). */
public enum CreditState {
  OK,
  LOW,
  EMERGENCY,
  EXHAUSTED,
  DISCONNECTED;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The state a balance alone implies (never DISCONNECTED). */
  public static CreditState of(long balance, CreditPolicy policy) {
    if (balance <= -policy.emergencyCredit()) {
      return EXHAUSTED;
    }
    if (balance < 0) {
      return EMERGENCY;
    }
    return balance <= policy.lowCreditThreshold() ? LOW : OK;
  }
}
