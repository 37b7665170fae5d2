package io.meterhub.platform.prepay;

/** What a reading did to its account. */
public enum ChargeOutcome {
  /** No account for the meter. */
  NO_ACCOUNT,
  /** The reading carries no cumulative register. */
  NO_REGISTER,
  /** First reading: its registers became the baseline, nothing charged. */
  BASELINE,
  /** Registers advanced and were charged (possibly 0 minor units, carried in the remainder). */
  CHARGED,
  /** Not newer than the last charged snapshot (duplicate or out of order): nothing changed. */
  IGNORED,
  /** A register went backwards: flagged and audited, nothing charged. */
  BACKWARDS
}
