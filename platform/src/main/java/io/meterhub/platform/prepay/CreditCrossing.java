package io.meterhub.platform.prepay;

import java.time.Instant;
import java.util.Objects;

/**
 * A committed change of an account's credit state, for the event pipeline. Carries no personal data.
 *
 * @param id unique and stable across redeliveries (the outbox row id): receivers de-duplicate by it
 * @param balance balance (minor units) right after the change
 */
public record CreditCrossing(
    long id, String accountId, String meterId, CreditState from, CreditState to, long balance, String currency,
    Instant occurredAt) {

  public CreditCrossing {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
