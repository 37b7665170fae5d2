package io.meterhub.platform.prepay;

import java.util.Locale;

/** Kinds of ledger entries. Top-ups and positive adjustments credit; the rest debit (reversal of a top-up debits). */
public enum LedgerType {
  TOPUP,
  CONSUMPTION,
  STANDING_CHARGE,
  DEBT_RECOVERY,
  REVERSAL,
  ADJUSTMENT;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static LedgerType fromApiName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
