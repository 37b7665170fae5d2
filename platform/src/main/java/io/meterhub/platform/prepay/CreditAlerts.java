package io.meterhub.platform.prepay;

/**
 * Where credit-state crossings (ok → low → emergency → exhausted → disconnected, and back) become events and alarms
 * that operators see. Called after the change committed, on a worker thread (blocking allowed). A crossing may be
 * delivered again after a crash or a failed attempt: implementations must store it once per {@link
 * CreditCrossing#id()}. Throwing means "not delivered": it will be offered again.
 */
public interface CreditAlerts {

  /** Discards crossings (tests and nodes without an event pipeline). */
  CreditAlerts NONE = crossing -> {};

  void crossed(CreditCrossing crossing);
}
