package io.meterhub.platform.prepay;

/** What became of a relay order. */
public enum SupplyOutcome {
  /** Not yet carried out (e.g. the meter is offline): the order waits. */
  PENDING,
  /** The meter reported the relay in the ordered state. */
  CONFIRMED,
  /** Final without confirmation (refused, expired, cancelled): the order must be issued again. */
  FAILED
}
