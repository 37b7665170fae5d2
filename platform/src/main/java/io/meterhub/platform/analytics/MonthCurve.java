package io.meterhub.platform.analytics;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.prepay.tariff.Band;
import io.meterhub.platform.prepay.tariff.Pricing;
import io.meterhub.platform.prepay.tariff.Tariff;
import io.meterhub.platform.prepay.tariff.TariffStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The energy of a set of meters over one period in 15-minute slots, summed over meters, with the energy per
 * time-of-use band: from the meter's band registers when every reading carries them, else from the band of each slot
 * in the meter's TOU tariff, else unattributed.
 */
final class MonthCurve {

  static final Duration SLOT = Duration.ofMinutes(15);

  final Instant[] bounds;
  final long[] slotWh;
  final boolean[] slotCovered;
  final Map<Band, Long> bands = new EnumMap<>(Band.class);
  long unattributedWh;
  boolean fromRegisters;
  boolean fromTariff;

  MonthCurve(Instant from, Instant to) {
    int n = (int) ((Duration.between(from, to).toMillis() + SLOT.toMillis() - 1) / SLOT.toMillis());
    bounds = new Instant[n + 1];
    for (int i = 0; i < n; i++) {
      bounds[i] = from.plus(SLOT.multipliedBy(i));
    }
    bounds[n] = to;
    slotWh = new long[n];
    slotCovered = new boolean[n];
  }

  /** Adds one meter's readings (oldest first); {@code tariffs} are its TOU tariff versions, empty without one. */
  void add(List<MeterReading> readings, List<Tariff> tariffs) {
    RegisterCurve total = curve(readings, MeterReading::activeEnergyWh);
    long meterWh = 0;
    for (int k = 0; k < slotWh.length; k++) {
      slotWh[k] += total.energyWh(k);
      slotCovered[k] |= total.covered(k);
      meterWh += total.energyWh(k);
    }
    if (meterWh == 0) {
      return;
    }
    boolean registers = !readings.isEmpty() && readings.stream().allMatch(MonthCurve::hasBands);
    if (registers) {
      fromRegisters = true;
      Instant[] whole = {bounds[0], bounds[bounds.length - 1]};
      bands.merge(Band.SHARP, curve(readings, r -> r.tou().sharpWh(), whole).totalWh(), Long::sum);
      bands.merge(Band.PEAK, curve(readings, r -> r.tou().peakWh(), whole).totalWh(), Long::sum);
      bands.merge(Band.FLAT, curve(readings, r -> r.tou().flatWh(), whole).totalWh(), Long::sum);
      bands.merge(Band.VALLEY, curve(readings, r -> r.tou().valleyWh(), whole).totalWh(), Long::sum);
    } else if (!tariffs.isEmpty()) {
      fromTariff = true;
      for (int k = 0; k < slotWh.length; k++) {
        long wh = total.energyWh(k);
        if (wh == 0) {
          continue;
        }
        Tariff tariff = TariffStore.activeAt(tariffs, bounds[k]);
        if (tariff.pricing() instanceof Pricing.Tou tou) {
          bands.merge(tou.bandAt(bounds[k].atZone(tariff.zone())), wh, Long::sum);
        } else {
          unattributedWh += wh;
        }
      }
    } else {
      unattributedWh += meterWh;
    }
  }

  private RegisterCurve curve(List<MeterReading> readings, Function<MeterReading, Long> register) {
    return curve(readings, register, bounds);
  }

  private static RegisterCurve curve(List<MeterReading> readings, Function<MeterReading, Long> register,
      Instant[] bounds) {
    RegisterCurve curve = new RegisterCurve(bounds);
    for (MeterReading r : readings) {
      Long wh = register.apply(r);
      if (wh != null) {
        curve.add(r.timestamp(), wh);
      }
    }
    return curve;
  }

  private static boolean hasBands(MeterReading r) {
    TouRegisters t = r.tou();
    return r.activeEnergyWh() == null
        || (t != null && t.sharpWh() != null && t.peakWh() != null && t.flatWh() != null && t.valleyWh() != null);
  }

  long totalWh() {
    long sum = 0;
    for (long wh : slotWh) {
      sum += wh;
    }
    return sum;
  }

  /** Bands as reported, or null when no meter's bands are known. */
  Map<Band, Long> bandsOrNull() {
    return fromRegisters || fromTariff ? bands : null;
  }

  String bandSource() {
    if (fromRegisters && fromTariff) {
      return "mixed";
    }
    return fromRegisters ? "registers" : fromTariff ? "tariff" : "none";
  }

  /** Median over local days of the lowest fully covered hour between 00:00 and 05:00, in W; null without one. */
  Double baseLoadW(ZoneId zone) {
    Map<java.time.LocalDate, Long> nightMin = new java.util.TreeMap<>();
    int perHour = (int) (Duration.ofHours(1).toMillis() / SLOT.toMillis());
    for (int k = 0; k + perHour <= slotWh.length; k += perHour) {
      var local = bounds[k].atZone(zone);
      if (local.getHour() >= 5 || local.getMinute() != 0) {
        continue;
      }
      long wh = 0;
      boolean full = true;
      for (int j = k; j < k + perHour; j++) {
        wh += slotWh[j];
        full &= slotCovered[j];
      }
      if (full) {
        nightMin.merge(local.toLocalDate(), wh, Math::min);
      }
    }
    if (nightMin.isEmpty()) {
      return null;
    }
    List<Long> sorted = nightMin.values().stream().sorted().toList();
    return (double) sorted.get(sorted.size() / 2);
  }
}
