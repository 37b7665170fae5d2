package io.meterhub.platform.prepay;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A prepayment account (one per meter) as clients see it.
 *
 * @param balance credit in minor units; negative while emergency credit is used
 * @param debt outstanding debt in minor units, recovered from top-ups
 * @param flags operator attention flags, e.g. {@code register_backwards}, {@code protected_exhausted}
 * @param supplyOrder the latest relay order of the credit policy and whether the meter confirmed it; null when none
 * @param lastReadingAt timestamp of the last charged register reading, null before the first
 */
public record Account(
    String id,
    String meterId,
    String tariffId,
    String currency,
    CreditPolicy policy,
    long balance,
    long debt,
    CreditState creditState,
    Set<String> flags,
    SupplyOrder supplyOrder,
    Instant lastReadingAt,
    Instant createdAt,
    Instant updatedAt) {

  /** The meter reported a cumulative register lower than the last charged one. */
  public static final String FLAG_REGISTER_BACKWARDS = "register_backwards";
  /** The account is exhausted but protected, so it was not disconnected. */
  public static final String FLAG_PROTECTED_EXHAUSTED = "protected_exhausted";

  /**
   * Whether more credit is left before the account is exhausted (balance plus emergency credit) than its low-credit
   * threshold: then its consumption may be charged a little later without the relay tripping late.
   */
  public boolean hasCreditMargin() {
    return balance + policy.emergencyCredit() > policy.lowCreditThreshold();
  }

  public Account {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(meterId, "meterId");
    flags = Set.copyOf(flags);
  }
}
