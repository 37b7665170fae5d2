package io.meterhub.platform.prepay.tariff;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Currency;
import java.util.Objects;

/**
 * One version of a tariff.
 *
 * @param id tariff id (versions share it)
 * @param currency ISO 4217 code
 * @param activeFrom when this version takes effect ({@link #EPOCH} for the first version when none was given)
 * @param zone local time zone of time-of-use schedules, block months and standing-charge days
 * @param standingChargePerDay fixed charge per local day in major units, null for none
 * @param pricing the energy price
 */
public record Tariff(
    String id, String currency, Instant activeFrom, ZoneId zone, BigDecimal standingChargePerDay, Pricing pricing) {

  /** activeFrom of a first version created without one. */
  public static final Instant EPOCH = Instant.EPOCH;

  public Tariff {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(activeFrom, "activeFrom");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(pricing, "pricing");
  }

  /** flat, tou or block. */
  public String type() {
    if (pricing instanceof Pricing.Flat) {
      return "flat";
    }
    return pricing instanceof Pricing.Tou ? "tou" : "block";
  }

  /** Minor-unit digits of the currency (2 for CNY, 0 for JPY). */
  public int minorDigits() {
    return Currency.getInstance(currency).getDefaultFractionDigits();
  }
}
