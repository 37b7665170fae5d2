package io.meterhub.models;

import java.io.Serializable;
import java.util.Currency;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the platform shows on a prepaid meter's display (object 26242).
 *
 * @param balanceMinor credit balance in minor units of the currency (cents); negative while emergency credit is used
 * @param currency ISO 4217 alphabetic code, e.g. {@code EUR}
 * @param creditState one of {@link #STATE_NORMAL}, {@link #STATE_LOW}, {@link #STATE_EMERGENCY},
 *     {@link #STATE_EXHAUSTED}
 * @param emergencyAvailable whether the customer may still draw emergency credit
 * @param lowCreditWarning whether the meter's low-credit warning is on
 */
public record PrepaymentDisplay(
    long balanceMinor, String currency, String creditState, boolean emergencyAvailable, boolean lowCreditWarning)
    implements Serializable {

  /** Credit above the low-credit threshold. */
  public static final String STATE_NORMAL = "normal";
  /** Credit below the low-credit threshold. */
  public static final String STATE_LOW = "low";
  /** Running on emergency credit. */
  public static final String STATE_EMERGENCY = "emergency";
  /** No credit left (the relay may be open). */
  public static final String STATE_EXHAUSTED = "exhausted";
  /** Every credit state a meter understands (the RangeEnumeration of 26242/2). */
  public static final Set<String> CREDIT_STATES = Set.of(STATE_NORMAL, STATE_LOW, STATE_EMERGENCY, STATE_EXHAUSTED);

  // Compiled once: the credit engine builds a display after every charge (String.matches compiles on each call)
  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

  public PrepaymentDisplay {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(creditState, "creditState");
    if (!isCurrencyCode(currency)) {
      throw new IllegalArgumentException("currency must be an ISO 4217 alphabetic code: " + currency);
    }
    if (!CREDIT_STATES.contains(creditState)) {
      throw new IllegalArgumentException("unknown credit state " + creditState + ", expected one of " + CREDIT_STATES);
    }
  }

  /** Whether {@code text} has the form of an ISO 4217 alphabetic code (three capital letters). */
  public static boolean isCurrencyCode(String text) {
    return CURRENCY_CODE.matcher(text).matches();
  }

  /** Minor-unit digits of the currency (2 for EUR, 0 for JPY); 2 when Java does not know the currency. */
  public int minorUnitDigits() {
    try {
      int digits = Currency.getInstance(currency).getDefaultFractionDigits();
      return digits < 0 ? 0 : digits;
    } catch (IllegalArgumentException unknownToJava) {
      return 2;
    }
  }
}
