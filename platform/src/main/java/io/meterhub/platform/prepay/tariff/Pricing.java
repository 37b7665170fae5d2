package io.meterhub.platform.prepay.tariff;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How energy is priced: flat, time-of-use or inclining block. Prices are per kWh in major currency units. */
public sealed interface Pricing permits Pricing.Flat, Pricing.Tou, Pricing.Block {

  /** One price for every kWh. */
  record Flat(BigDecimal pricePerKwh) implements Pricing {
    public Flat {
      Objects.requireNonNull(pricePerKwh, "pricePerKwh");
    }
  }

  /**
   * Time-of-use: a price per band and, per season, a daily schedule for weekdays and for weekends.
   *
   * @param prices price per band (only the bands the schedule uses)
   * @param seasons seasons covering every month exactly once
   */
  record Tou(Map<Band, BigDecimal> prices, List<Season> seasons) implements Pricing {
    public Tou {
      prices = Map.copyOf(prices);
      seasons = List.copyOf(seasons);
    }

    /** The band in force at a local time. */
    public Band bandAt(ZonedDateTime at) {
      int month = at.getMonthValue();
      for (Season season : seasons) {
        if (season.covers(month)) {
          DayOfWeek day = at.getDayOfWeek();
          boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
          return Switch.bandAt(weekend ? season.weekend() : season.weekday(), at.toLocalTime());
        }
      }
      throw new IllegalStateException("no season covers month " + month); // validation prevents this
    }
  }

  /**
   * A season: months {@code fromMonth..toMonth} inclusive (wrapping over the new year when from &gt; to).
   *
   * @param weekday switch points Monday to Friday, the first at 00:00
   * @param weekend switch points Saturday and Sunday, the first at 00:00
   */
  record Season(String name, int fromMonth, int toMonth, List<Switch> weekday, List<Switch> weekend) {
    public Season {
      weekday = List.copyOf(weekday);
      weekend = List.copyOf(weekend);
    }

    public boolean covers(int month) {
      return fromMonth <= toMonth ? month >= fromMonth && month <= toMonth : month >= fromMonth || month <= toMonth;
    }
  }

  /** From {@code from} (local time) until the next switch point, {@code band} applies. */
  record Switch(LocalTime from, Band band) {
    static Band bandAt(List<Switch> schedule, LocalTime time) {
      Band band = schedule.get(0).band();
      for (Switch s : schedule) {
        if (!time.isBefore(s.from())) {
          band = s.band();
        }
      }
      return band;
    }
  }

  /** Inclining block: tiers of monthly consumption (reset at the start of each calendar month). */
  record Block(List<Tier> tiers) implements Pricing {
    public Block {
      tiers = List.copyOf(tiers);
    }
  }

  /**
   * A block tier.
   *
   * @param upToWh upper bound of monthly consumption in Wh for this tier, null for the last (unbounded) tier
   */
  record Tier(Long upToWh, BigDecimal pricePerKwh) {}
}
