package io.meterhub.platform.analytics;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.analytics.EnergyReport.Comparison;
import io.meterhub.platform.analytics.EnergyReport.Cost;
import io.meterhub.platform.analytics.EnergyReport.DayEnergy;
import io.meterhub.platform.analytics.EnergyReport.RegionalComparison;
import io.meterhub.platform.analytics.LoadReport.GroupLoad;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.metering.ReadingStore;
import io.meterhub.platform.prepay.Account;
import io.meterhub.platform.prepay.PrepayService;
import io.meterhub.platform.prepay.tariff.Tariff;
import io.meterhub.platform.store.Page;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Monthly energy reports for a set of meters (a customer's, or one meter): consumption by day and by time-of-use
 * band, cost from the prepayment ledger, comparison with the previous month and with the region's average meter
 * (only where the region passes the release rule), and saving tips. Knows nothing of customers. Blocking.
 */
public final class EnergyReports {

  static final int MAX_METERS = 100;
  private static final Duration LOOKAROUND = Duration.ofDays(1);

  private final MeterStore meters;
  private final ReadingStore readings;
  private final LoadCurves loads;
  private final PrepayService prepay;
  private final LedgerCosts costs;

  /**
   * @param prepay prepayment service for tariffs and accounts, null without prepayment (no bands from tariffs, no
   *     cost)
   * @param ledger the database holding the prepayment ledger, null without prepayment
   */
  public EnergyReports(MeterStore meters, ReadingStore readings, LoadCurves loads, PrepayService prepay,
      io.meterhub.platform.store.Database ledger) {
    this.meters = Objects.requireNonNull(meters, "meters");
    this.readings = Objects.requireNonNull(readings, "readings");
    this.loads = Objects.requireNonNull(loads, "loads");
    this.prepay = prepay;
    this.costs = prepay == null || ledger == null ? null : new LedgerCosts(ledger);
  }

  /** The report in the zone of the first meter's tariff (UTC without one). */
  public EnergyReport report(List<String> meterIds, YearMonth month) {
    List<String> ids = checked(meterIds, month);
    ZoneId zone = ids.stream().map(this::tariffVersions).filter(v -> !v.isEmpty())
        .map(v -> v.get(v.size() - 1).zone()).findFirst().orElse(ZoneOffset.UTC);
    return report(ids, month, zone);
  }

  /** The report with days and months in {@code zone}. */
  public EnergyReport report(List<String> meterIds, YearMonth month, ZoneId zone) {
    List<String> ids = checked(meterIds, month);
    Objects.requireNonNull(zone, "zone");
    Instant start = month.atDay(1).atStartOfDay(zone).toInstant();
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    MonthCurve curve = new MonthCurve(start, end);
    List<String> accountIds = new ArrayList<>();
    for (String id : ids) {
      List<Tariff> tariffs = List.of();
      Optional<Account> account = account(id);
      if (account.isPresent()) {
        accountIds.add(account.get().id());
        tariffs = prepay.tariff(account.get().tariffId());
      }
      curve.add(readings(id, start, end), tariffs);
    }
    long energy = curve.totalWh();
    Map<LocalDate, Long> perDay = new TreeMap<>();
    for (int k = 0; k < curve.slotWh.length; k++) {
      perDay.merge(curve.bounds[k].atZone(zone).toLocalDate(), curve.slotWh[k], Long::sum);
    }
    List<DayEnergy> days = perDay.entrySet().stream().map(e -> new DayEnergy(e.getKey(), e.getValue())).toList();
    Comparison previous = previous(ids, month, zone, energy);
    List<RegionalComparison> regional = regional(ids, start, end, energy);
    Double baseLoad = curve.baseLoadW(zone);
    return new EnergyReport(ids, month, zone, energy, days, curve.bandsOrNull(), curve.bandSource(),
        cost(accountIds, start, end), previous, regional, baseLoad,
        SavingTips.of(energy, curve.bandsOrNull(), baseLoad, previous, regional));
  }

  private static List<String> checked(List<String> meterIds, YearMonth month) {
    Objects.requireNonNull(meterIds, "meterIds");
    Objects.requireNonNull(month, "month");
    List<String> ids = List.copyOf(new TreeSet<>(meterIds));
    if (ids.isEmpty() || ids.size() > MAX_METERS) {
      throw new IllegalArgumentException("between 1 and " + MAX_METERS + " meters");
    }
    return ids;
  }

  private Optional<Account> account(String meterId) {
    if (prepay == null) {
      return Optional.empty();
    }
    return prepay.accounts(meterId, 1, null).items().stream().findFirst();
  }

  private List<Tariff> tariffVersions(String meterId) {
    return account(meterId).map(a -> prepay.tariff(a.tariffId())).orElse(List.of());
  }

  /** The meter's readings in the period and a day around it, oldest first. */
  private List<MeterReading> readings(String meterId, Instant start, Instant end) {
    List<MeterReading> out = new ArrayList<>();
    String cursor = null;
    do {
      Page<MeterReading> page = readings.list(meterId, start.minus(LOOKAROUND), end.plus(LOOKAROUND), 1000, cursor);
      out.addAll(page.items());
      cursor = page.next();
    } while (cursor != null);
    return out;
  }

  private Comparison previous(List<String> ids, YearMonth month, ZoneId zone, long energy) {
    YearMonth before = month.minusMonths(1);
    Instant start = before.atDay(1).atStartOfDay(zone).toInstant();
    Instant end = month.atDay(1).atStartOfDay(zone).toInstant();
    long wh = 0;
    for (String id : ids) {
      RegisterCurve curve = new RegisterCurve(new Instant[] {start, end});
      for (MeterReading r : readings(id, start, end)) {
        if (r.activeEnergyWh() != null) {
          curve.add(r.timestamp(), r.activeEnergyWh());
        }
      }
      wh += curve.totalWh();
    }
    Double change = wh == 0 ? null : round1(100.0 * (energy - wh) / wh);
    return new Comparison(before, wh, change);
  }

  private List<RegionalComparison> regional(List<String> ids, Instant start, Instant end, long energy) {
    Map<String, Integer> perRegion = new LinkedHashMap<>();
    for (String id : ids) {
      meters.find(id).map(Meter::region).ifPresent(r -> perRegion.merge(r, 1, Integer::sum));
    }
    List<RegionalComparison> out = new ArrayList<>();
    long mine = energy / Math.max(1, ids.size());
    for (String region : perRegion.keySet()) {
      LoadReport report = loads.load(new LoadQuery(region, GroupBy.REGION, start, end, Duration.between(start, end)));
      Optional<GroupLoad> group = report.groups().stream().filter(g -> g.group().equals(region)).findFirst();
      if (group.isEmpty()) {
        out.add(new RegionalComparison(region, false, "no meter of the region reported in the month", null, null));
      } else if (group.get().suppressed()) {
        out.add(new RegionalComparison(region, false, "withheld for privacy: " + group.get().reason(), null, null));
      } else {
        long average = group.get().energyWh() / group.get().meters();
        Double diff = average == 0 ? null : round1(100.0 * (mine - average) / average);
        out.add(new RegionalComparison(region, true, null, average, diff));
      }
    }
    return out;
  }

  private Cost cost(List<String> accountIds, Instant start, Instant end) {
    if (costs == null || accountIds.isEmpty()) {
      return null;
    }
    Map<String, Long> byCurrency = costs.consumption(accountIds, start, end);
    if (byCurrency.isEmpty()) {
      return new Cost(0, prepay.account(accountIds.get(0)).map(Account::currency).orElse(null), null);
    }
    if (byCurrency.size() > 1) {
      return new Cost(0, null, "the accounts are charged in several currencies: " + byCurrency.keySet());
    }
    Map.Entry<String, Long> only = byCurrency.entrySet().iterator().next();
    return new Cost(only.getValue(), only.getKey(), null);
  }

  private static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
