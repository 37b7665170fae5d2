package io.meterhub.platform.prepay;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.prepay.tariff.Band;
import io.meterhub.platform.prepay.tariff.Pricing;
import io.meterhub.platform.prepay.tariff.Rating;
import io.meterhub.platform.prepay.tariff.Tariff;
import io.meterhub.platform.prepay.tariff.TariffStore;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Consumption and standing charges on a locked account row. Consumption is the delta of the cumulative registers
 * since the last charged snapshot, which is stored on the same row (same transaction), so a repeated, lost or
 * reordered reading never double-charges or loses energy.
 */
final class Billing {

  private Billing() {}

  static ChargeOutcome consume(Connection c, AccountRow row, MeterReading r, List<Tariff> versions, Instant now,
      Effects fx) throws SQLException {
    Long total = r.activeEnergyWh();
    if (total == null) {
      return ChargeOutcome.NO_REGISTER;
    }
    if (row.regTs == null) {
      snapshot(row, r);
      return ChargeOutcome.BASELINE;
    }
    if (!r.timestamp().isAfter(row.regTs)) {
      return ChargeOutcome.IGNORED;
    }
    Map<Band, Long> bandDeltas = bandDeltas(row, r.tou());
    boolean bandsBackwards = bandDeltas != null && bandDeltas.values().stream().anyMatch(d -> d < 0);
    if (total < row.regTotalWh || bandsBackwards) {
      if (row.flags.add(Account.FLAG_REGISTER_BACKWARDS)) {
        fx.audit(CreditRules.ACTOR, "prepay.register_backwards", row.id, new JsonObject()
            .put("meterId", row.meterId).put("lastWh", row.regTotalWh).put("reportedWh", total)
            .put("at", r.timestamp().toString()).encode());
      }
      return ChargeOutcome.BACKWARDS;
    }
    long delta = total - row.regTotalWh;
    Tariff tariff = TariffStore.activeAt(versions, r.timestamp());
    int digits = tariff.minorDigits();
    BigInteger exact;
    JsonObject details = new JsonObject().put("energyWh", delta).put("from", row.regTs.toString())
        .put("to", r.timestamp().toString()).put("tariffActiveFrom", tariff.activeFrom().toString());
    if (tariff.pricing() instanceof Pricing.Flat flat) {
      exact = Rating.energy(delta, flat.pricePerKwh(), digits);
    } else if (tariff.pricing() instanceof Pricing.Tou tou) {
      Band atReading = tou.bandAt(r.timestamp().atZone(tariff.zone()));
      if (bandDeltas != null) {
        exact = BigInteger.ZERO;
        JsonObject perBand = new JsonObject();
        for (Map.Entry<Band, Long> e : bandDeltas.entrySet()) {
          // A band the tariff does not price is charged at the price of the band in force at the reading.
          BigDecimal price = tou.prices().getOrDefault(e.getKey(), tou.prices().get(atReading));
          exact = exact.add(Rating.energy(e.getValue(), price, digits));
          if (e.getValue() > 0) {
            perBand.put(e.getKey().apiName(), e.getValue());
          }
        }
        details.put("bandsWh", perBand);
      } else {
        exact = Rating.energy(delta, tou.prices().get(atReading), digits);
        details.put("band", atReading.apiName());
      }
    } else {
      Pricing.Block block = (Pricing.Block) tariff.pricing();
      String month = YearMonth.from(r.timestamp().atZone(tariff.zone())).toString();
      if (!month.equals(row.blockMonth)) {
        row.blockMonth = month;
        row.blockUsedWh = 0;
      }
      exact = Rating.block(block, row.blockUsedWh, delta, digits);
      details.put("month", month).put("monthUsedWhBefore", row.blockUsedWh);
      row.blockUsedWh += delta;
    }
    snapshot(row, r);
    long charge = ChargeMath.carry(row, exact);
    if (charge > 0) {
      LedgerDao.append(c, row, LedgerDao.Draft.of(LedgerType.CONSUMPTION, -charge, details.encode()), now);
    }
    return ChargeOutcome.CHARGED;
  }

  /** Per-band register deltas, or null when the reading or the snapshot lacks a complete set of TOU registers. */
  private static Map<Band, Long> bandDeltas(AccountRow row, TouRegisters tou) {
    if (tou == null || tou.sharpWh() == null || tou.peakWh() == null || tou.flatWh() == null
        || tou.valleyWh() == null || row.regSharpWh == null || row.regPeakWh == null || row.regFlatWh == null
        || row.regValleyWh == null) {
      return null;
    }
    Map<Band, Long> out = new EnumMap<>(Band.class);
    out.put(Band.SHARP, tou.sharpWh() - row.regSharpWh);
    out.put(Band.PEAK, tou.peakWh() - row.regPeakWh);
    out.put(Band.FLAT, tou.flatWh() - row.regFlatWh);
    out.put(Band.VALLEY, tou.valleyWh() - row.regValleyWh);
    return out;
  }

  private static void snapshot(AccountRow row, MeterReading r) {
    row.regTs = r.timestamp();
    row.regTotalWh = r.activeEnergyWh();
    TouRegisters tou = r.tou();
    row.regSharpWh = tou == null ? null : tou.sharpWh();
    row.regPeakWh = tou == null ? null : tou.peakWh();
    row.regFlatWh = tou == null ? null : tou.flatWh();
    row.regValleyWh = tou == null ? null : tou.valleyWh();
  }

  /**
   * Charges the standing charge of every local day from the day after the last charged one (the creation day for a
   * new account) up to and including {@code now}'s day; returns the number of days charged. Idempotent per day.
   */
  static int standing(Connection c, AccountRow row, List<Tariff> versions, Instant now) throws SQLException {
    Tariff current = TariffStore.activeAt(versions, now);
    LocalDate today = LocalDate.ofInstant(now, current.zone());
    LocalDate day = row.standingDay == null ? LocalDate.ofInstant(row.createdAt, current.zone())
        : row.standingDay.plusDays(1);
    int days = 0;
    for (; !day.isAfter(today) && days < 366; day = day.plusDays(1)) {
      Tariff tariff = TariffStore.activeAt(versions, day.atStartOfDay(current.zone()).toInstant());
      if (tariff.standingChargePerDay() != null) {
        long charge = ChargeMath.carry(row, Rating.day(tariff.standingChargePerDay(), tariff.minorDigits()));
        if (charge > 0) {
          LedgerDao.append(c, row, LedgerDao.Draft.of(LedgerType.STANDING_CHARGE, -charge,
              new JsonObject().put("day", day.toString()).encode()), now);
        }
      }
      row.standingDay = day;
      days++;
    }
    return days;
  }
}
