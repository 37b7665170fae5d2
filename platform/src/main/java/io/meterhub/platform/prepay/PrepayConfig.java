package io.meterhub.platform.prepay;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and defaults of prepayment.
 *
 * @param maxTopUp largest single top-up (minor units); larger ones are refused (400)
 * @param maxBalance largest balance a top-up may produce (minor units); 400 beyond it
 * @param idempotencyRetention how long idempotency keys are kept (at least 24 h)
 * @param inFlightLease after this long an in-flight key whose node died may be taken over by a retry
 * @param defaultPolicy policy of accounts created without one, and defaults of absent policy fields
 */
public record PrepayConfig(
    long maxTopUp, long maxBalance, Duration idempotencyRetention, Duration inFlightLease, CreditPolicy defaultPolicy) {

  public PrepayConfig {
    if (maxTopUp < 1 || maxBalance < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (idempotencyRetention.compareTo(Duration.ofHours(24)) < 0) {
      throw new IllegalArgumentException("idempotency keys must be kept at least 24 hours");
    }
    Objects.requireNonNull(inFlightLease, "inFlightLease");
    Objects.requireNonNull(defaultPolicy, "defaultPolicy");
  }

  /** 100,000.00 per top-up, 500,000.00 balance (2-digit currencies), keys kept 48 h, 2-minute in-flight lease. */
  public static PrepayConfig defaults() {
    return new PrepayConfig(10_000_000L, 50_000_000L, Duration.ofHours(48), Duration.ofMinutes(2),
        CreditPolicy.defaults());
  }
}
