package io.meterhub.platform.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.analytics.EnergyReport.RegionalComparison;
import io.meterhub.platform.analytics.EnergyReport.Tip;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.metering.JdbcReadingStore;
import io.meterhub.platform.prepay.CreditPolicy;
import io.meterhub.platform.prepay.LatestDisplayPublisher;
import io.meterhub.platform.prepay.NewAccount;
import io.meterhub.platform.prepay.PrepayConfig;
import io.meterhub.platform.prepay.PrepayService;
import io.meterhub.platform.prepay.RecordingSupplyControl;
import io.meterhub.platform.prepay.tariff.Band;
import io.meterhub.platform.prepay.tariff.Pricing;
import io.meterhub.platform.prepay.tariff.Tariff;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.meterhub.platform.testsupport.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Energy report numbers on a seeded November 2026: a household on a TOU tariff (Asia/Shanghai) that draws 100 W at
 * night (00:00-05:00) and 500 W otherwise (400 W in October), among 14 neighbours drawing a flat 300 W.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
abstract class EnergyReportsContractTest {

  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  static final Instant FROM = LocalDateTime.parse("2026-09-30T00:00").atZone(SHANGHAI).toInstant();
  static final Instant TO = LocalDateTime.parse("2026-12-02T00:00").atZone(SHANGHAI).toInstant();

  TestDatabase target;
  Database db;
  MutableClock clock;
  PrepayService prepay;
  EnergyReports reports;
  long expectedCost;

  static long household(ZonedDateTime hour) {
    if (hour.getHour() < 5) {
      return 100;
    }
    return hour.getMonthValue() == 10 ? 400 : 500;
  }

  /** {@link TestDatabase#h2()} or {@link TestDatabase#postgresOrSkip(String)}. */
  protected abstract TestDatabase createTarget();

  @AfterAll
  void close() {
    if (db != null) {
      db.close();
    }
    if (target != null) {
      target.close();
    }
  }

  /** One seeded month shared by every test (they only read). */
  @BeforeAll
  void seedMonth() {
    target = createTarget();
    db = target.open();
    Seed seed = new Seed(db);
    clock = new MutableClock(FROM);
    ChainedAuditLog audit = new ChainedAuditLog(db, clock);
    prepay = new PrepayService(db, audit, new RecordingSupplyControl(),
        new LatestDisplayPublisher(), PrepayConfig.defaults(), clock, id -> true);
    prepay.createTariff("admin", touTariff());
    seed.meter("home-1", "south/f1");
    prepay.openAccount("admin", new NewAccount("home-1", "tou-1", "CNY",
        CreditPolicy.defaults(), 0));
    List<IngestedReading> neighbours = new ArrayList<>();
    for (int n = 0; n < 14; n++) {
      seed.meter("nb-" + n, "south/f1");
      neighbours.addAll(hourly("nb-" + n, h -> 300, false));
    }
    seed.meter("reg-1", "lonely/x");
    neighbours.addAll(hourly("reg-1", h -> 100, true));
    seed.readings(neighbours);

    Tariff tariff = prepay.tariff("tou-1").get(0);
    Pricing.Tou tou = (Pricing.Tou) tariff.pricing();
    Instant novStart = NOVEMBER.atDay(1).atStartOfDay(SHANGHAI).toInstant();
    Instant decStart = NOVEMBER.plusMonths(1).atDay(1).atStartOfDay(SHANGHAI).toInstant();
    List<IngestedReading> home = hourly("home-1", EnergyReportsContractTest::household, false);
    long previousWh = -1;
    double cost = 0;
    for (IngestedReading r : home) {
      clock.set(r.receivedAt());
      prepay.chargeReading(r);
      long wh = r.reading().activeEnergyWh();
      Instant at = r.reading().timestamp();
      if (previousWh >= 0 && !at.isBefore(novStart) && at.isBefore(decStart)) {
        // Without band registers prepay prices a delta at the band in force at the reading.
        double price = tou.prices().get(tou.bandAt(at.atZone(SHANGHAI))).doubleValue();
        cost += (wh - previousWh) * price / 10.0;
      }
      previousWh = wh;
    }
    new JdbcReadingStore(db).insertBatch(home);
    expectedCost = Math.round(cost);
    reports = new EnergyReports(new JdbcMeterStore(db), new JdbcReadingStore(db),
        new LoadCurves(db, AnalyticsSettings.defaults()), prepay, db);
  }

  static List<IngestedReading> hourly(String meterId, ToLongFunction<ZonedDateTime> whPerHour, boolean bands) {
    List<IngestedReading> out = new ArrayList<>();
    long total = 1_000_000;
    long[] band = {0, 0, 0, 0};
    for (Instant t = FROM; !t.isAfter(TO); t = t.plus(Duration.ofHours(1))) {
      TouRegisters tou = bands ? new TouRegisters(band[0], band[1], band[2], band[3], null, null) : null;
      out.add(new IngestedReading(meterId, new MeterReading(t, total, 230.0, null, null, null, null, null, tou), t));
      long wh = whPerHour.applyAsLong(t.atZone(SHANGHAI));
      total += wh;
      if (bands) {
        band[0] += wh / 10;
        band[1] += wh * 2 / 10;
        band[2] += wh * 3 / 10;
        band[3] += wh * 4 / 10;
      }
    }
    return out;
  }

  static JsonObject touTariff() {
    JsonArray weekday = new JsonArray().add(sw("00:00", "valley")).add(sw("08:00", "peak")).add(sw("18:00", "sharp"))
        .add(sw("21:00", "peak")).add(sw("23:00", "valley"));
    JsonArray weekend = new JsonArray().add(sw("00:00", "valley"));
    return new JsonObject().put("id", "tou-1").put("currency", "CNY").put("type", "tou")
        .put("timeZone", "Asia/Shanghai")
        .put("bands", new JsonObject().put("sharp", "2.0").put("peak", "1.0").put("flat", "0.8").put("valley", "0.5"))
        .put("seasons", new JsonArray().add(new JsonObject().put("name", "all").put("fromMonth", 1).put("toMonth", 12)
            .put("weekday", weekday).put("weekend", weekend)));
  }

  static JsonObject sw(String from, String band) {
    return new JsonObject().put("from", from).put("band", band);
  }

  @Test
  void monthDaysBandsCostAndComparisonsOfAHouseholdOnATouTariff() {
    EnergyReport r = reports.report(List.of("home-1"), NOVEMBER);

    assertThat(r.zone()).isEqualTo(SHANGHAI);
    // Per day 5 h x 100 Wh + 19 h x 500 Wh.
    assertThat(r.energyWh()).isEqualTo(30 * 10_000);
    assertThat(r.days()).hasSize(30).allSatisfy(d -> assertThat(d.energyWh()).isEqualTo(10_000));
    assertThat(r.days().get(0).day()).hasToString("2026-11-01");
    // 21 weekdays and 9 weekend days (all valley) in November 2026.
    assertThat(r.bandSource()).isEqualTo("tariff");
    assertThat(r.bands()).containsExactlyInAnyOrderEntriesOf(Map.of(
        Band.SHARP, 21L * 1500, Band.PEAK, 21L * 6000, Band.VALLEY, 21L * 2500 + 9L * 10_000));
    assertThat(r.cost().currency()).isEqualTo("CNY");
    assertThat(r.cost().amount()).isCloseTo(expectedCost, within(1L));
    // October: 31 days x (500 + 19 x 400) Wh.
    assertThat(r.previousMonth().month()).isEqualTo(YearMonth.of(2026, 10));
    assertThat(r.previousMonth().energyWh()).isEqualTo(31 * 8_100);
    assertThat(r.previousMonth().changePercent()).isEqualTo(19.5);
    RegionalComparison region = r.regional().get(0);
    assertThat(region.available()).isTrue();
    assertThat(region.averageWhPerMeter()).isEqualTo((300_000 + 14 * 216_000) / 15);
    assertThat(region.differencePercent()).isEqualTo(35.4);
    assertThat(r.baseLoadW()).isEqualTo(100.0);
    assertThat(r.tips()).extracting(Tip::code).containsExactly("peak_share", "standby", "above_region");
    assertThat(r.tips().get(0).message()).startsWith("53 %");
  }

  @Test
  void bandRegistersWinOverTheTariffAndASmallRegionIsNotCompared() {
    EnergyReport r = reports.report(List.of("reg-1"), NOVEMBER, ZoneOffset.UTC);

    assertThat(r.energyWh()).isEqualTo(720 * 100);
    assertThat(r.bandSource()).isEqualTo("registers");
    assertThat(r.bands()).containsEntry(Band.SHARP, 7_200L).containsEntry(Band.PEAK, 14_400L)
        .containsEntry(Band.FLAT, 21_600L).containsEntry(Band.VALLEY, 28_800L);
    assertThat(r.cost()).isNull();
    assertThat(r.regional()).singleElement().satisfies(c -> {
      assertThat(c.available()).isFalse();
      assertThat(c.reason()).contains("fewer than 15 meters");
      assertThat(c.averageWhPerMeter()).isNull();
    });
  }

  @Test
  void severalMetersAddUpAndAMonthWithoutReadingsIsEmpty() {
    EnergyReport both = reports.report(List.of("home-1", "nb-0"), NOVEMBER, SHANGHAI);
    assertThat(both.energyWh()).isEqualTo(300_000 + 216_000);
    assertThat(both.bandSource()).isEqualTo("tariff");

    EnergyReport empty = reports.report(List.of("nb-0"), YearMonth.of(2026, 6));
    assertThat(empty.energyWh()).isZero();
    assertThat(empty.bands()).isNull();
    assertThat(empty.baseLoadW()).isNull();
    assertThat(empty.previousMonth().changePercent()).isNull();
    assertThat(empty.tips()).isEmpty();
  }
}
