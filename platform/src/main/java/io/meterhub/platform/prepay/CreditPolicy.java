package io.meterhub.platform.prepay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How an account's credit is managed.
 *
 * @param lowCreditThreshold balance (minor units) at or below which the state is {@code low}
 * @param emergencyCredit how far (minor units) the balance may go below zero before it is exhausted; 0 = none
 * @param reconnectThreshold a disconnected account is reconnected when a payment brings the balance above this
 * @param friendlyPeriods weekly windows without disconnection
 * @param specialDays whole local days without disconnection (public holidays)
 * @param zone local time zone of the friendly calendar
 * @param debtRecoveryPercent share of each top-up (0–100) taken for debt
 * @param debtRecoveryCap most taken for debt per period (minor units); null = no cap
 * @param debtRecoveryPeriodDays length of the cap period in days
 * @param protectedCustomer never disconnected automatically (medical need, dispute, winter rules); flagged instead
 */
public record CreditPolicy(
    long lowCreditThreshold,
    long emergencyCredit,
    long reconnectThreshold,
    List<FriendlyPeriod> friendlyPeriods,
    Set<LocalDate> specialDays,
    ZoneId zone,
    int debtRecoveryPercent,
    Long debtRecoveryCap,
    int debtRecoveryPeriodDays,
    boolean protectedCustomer) {

  public CreditPolicy {
    friendlyPeriods = List.copyOf(friendlyPeriods);
    specialDays = Set.copyOf(specialDays);
    Objects.requireNonNull(zone, "zone");
  }

  /** Deployment default: low below 10.00 (2-digit currencies), no emergency credit, never friendly, no debt. */
  public static CreditPolicy defaults() {
    return new CreditPolicy(1000, 0, 0, List.of(), Set.of(), ZoneId.of("UTC"), 0, null, 7, false);
  }

  /** True when disconnection must wait at this instant. */
  public boolean isFriendly(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    if (specialDays.contains(local.toLocalDate())) {
      return true;
    }
    for (FriendlyPeriod period : friendlyPeriods) {
      if (period.contains(local)) {
        return true;
      }
    }
    return false;
  }
}
