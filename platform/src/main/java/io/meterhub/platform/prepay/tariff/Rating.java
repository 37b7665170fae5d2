package io.meterhub.platform.prepay.tariff;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Exact prices of energy and days, in nano minor units (10⁻⁹ of a cent for CNY). A price has at most 6 decimals per
 * kWh and energy is whole Wh, so every amount here is an exact integer: rounding to whole minor units happens in one
 * place only, the account's carried remainder (see {@code prepay.ChargeMath}).
 */
public final class Rating {

  /** Nano minor units per minor unit. */
  public static final long NANO = 1_000_000_000L;

  private Rating() {}

  /** {@code wh} Wh at {@code pricePerKwh} (major units), in nano minor units. */
  public static BigInteger energy(long wh, BigDecimal pricePerKwh, int minorDigits) {
    Objects.requireNonNull(pricePerKwh, "pricePerKwh");
    // wh/1000 kWh * price * 10^digits minor * 10^9 nano = wh * price * 10^(digits+6)
    return BigDecimal.valueOf(wh).multiply(pricePerKwh).movePointRight(minorDigits + 6).toBigIntegerExact();
  }

  /** One day of a standing charge, in nano minor units. */
  public static BigInteger day(BigDecimal perDay, int minorDigits) {
    return perDay.movePointRight(minorDigits + 9).toBigIntegerExact();
  }

  /**
   * {@code deltaWh} priced by inclining block when {@code usedWh} were already consumed this month.
   *
   * @return the amount in nano minor units
   */
  public static BigInteger block(Pricing.Block block, long usedWh, long deltaWh, int minorDigits) {
    BigInteger total = BigInteger.ZERO;
    long position = usedWh;
    long left = deltaWh;
    for (Pricing.Tier tier : block.tiers()) {
      if (left <= 0) {
        break;
      }
      long room = tier.upToWh() == null ? Long.MAX_VALUE : tier.upToWh() - position;
      if (room <= 0) {
        continue;
      }
      long take = Math.min(room, left);
      total = total.add(energy(take, tier.pricePerKwh(), minorDigits));
      position += take;
      left -= take;
    }
    return total;
  }
}
