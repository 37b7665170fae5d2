package io.meterhub.platform.prepay;

import io.meterhub.platform.prepay.tariff.Rating;
import java.math.BigInteger;

/**
 * The one rounding rule of prepayment: exact amounts (nano minor units) are added to the account's carried
 * remainder and only whole minor units are charged; the fraction stays in the remainder (0 ≤ r &lt; 1 minor unit).
 * A customer is therefore never charged more than the exact price, and never less by a whole minor unit, however
 * many small deltas a month brings.
 */
final class ChargeMath {

  private static final BigInteger NANO = BigInteger.valueOf(Rating.NANO);

  private ChargeMath() {}

  /** Adds an exact amount to the row's remainder and returns the whole minor units to charge now. */
  static long carry(AccountRow row, BigInteger exactNano) {
    BigInteger[] split = BigInteger.valueOf(row.remainderNano).add(exactNano).divideAndRemainder(NANO);
    row.remainderNano = split[1].longValueExact();
    return split[0].longValueExact();
  }
}
