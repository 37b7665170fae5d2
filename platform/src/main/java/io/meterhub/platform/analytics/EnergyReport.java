package io.meterhub.platform.analytics;

import io.meterhub.platform.prepay.tariff.Band;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A customer's energy report for one month and a set of meters.
 *
 * @param zone local zone of days and bands (the tariff's, UTC without one)
 * @param energyWh energy of the month, from register deltas
 * @param days energy per local day
 * @param bands energy per time-of-use band, null when neither registers nor a TOU tariff tell the bands
 * @param bandSource {@code registers} (meter TOU registers), {@code tariff} (derived from the TOU schedule),
 *     {@code mixed}, or {@code none}
 * @param cost consumption charges of the linked prepayment accounts in the month, null without accounts
 * @param baseLoadW typical night minimum (median over days of the lowest hour 00:00–05:00), null without data
 */
public record EnergyReport(
    List<String> meterIds, YearMonth month, ZoneId zone, long energyWh, List<DayEnergy> days,
    Map<Band, Long> bands, String bandSource, Cost cost, Comparison previousMonth, List<RegionalComparison> regional,
    Double baseLoadW, List<Tip> tips) {

  public EnergyReport {
    meterIds = List.copyOf(meterIds);
    days = List.copyOf(days);
    bands = bands == null ? null : Map.copyOf(bands);
    regional = List.copyOf(regional);
    tips = List.copyOf(tips);
  }

  public record DayEnergy(LocalDate day, long energyWh) {}

  /** Charges in minor units; {@code currency} null and {@code note} set when the accounts use several currencies. */
  public record Cost(long amount, String currency, String note) {}

  /** The same meters in another month; {@code changePercent} null when that month had no energy. */
  public record Comparison(YearMonth month, long energyWh, Double changePercent) {}

  /**
   * The average meter of a region in the month, only when the region's group passes the release rule.
   *
   * @param available false with a {@code reason} when the region's aggregate is withheld
   * @param differencePercent how far these meters' energy per meter lies above (+) or below (−) the average
   */
  public record RegionalComparison(
      String region, boolean available, String reason, Long averageWhPerMeter, Double differencePercent) {
    public RegionalComparison {
      Objects.requireNonNull(region, "region");
    }
  }

  /** A saving tip derived from the data; {@code code} is stable, {@code message} is English text. */
  public record Tip(String code, String message) {}
}
