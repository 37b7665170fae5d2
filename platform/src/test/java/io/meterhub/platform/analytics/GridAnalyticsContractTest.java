package io.meterhub.platform.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.analytics.LoadReport.GroupLoad;
import io.meterhub.platform.analytics.LoadReport.IntervalLoad;
import io.meterhub.platform.analytics.QualityReport.GroupQuality;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.store.DbContractBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Load curves and voltage quality on real SQL: energy from register deltas, and suppression of small groups. */
abstract class GridAnalyticsContractTest extends DbContractBase {

  static final Instant T0 = Instant.parse("2026-11-02T00:00:00Z");
  static final Instant T4 = T0.plus(Duration.ofHours(4));
  static final Duration STEP = Duration.ofMinutes(15);

  Seed seed;

  @BeforeEach
  void seed() {
    Seed.clearAll(db);
    seed = new Seed(db);
  }

  /**
   * {@code count} meters in {@code region} reading every 15 minutes from {@code from} to {@code to} (inclusive),
   * 100 Wh per quarter hour ({@code heavy}: meter 0 uses ten times as much) on a register far from zero.
   */
  void fleet(String region, int count, Instant from, Instant to, boolean heavy) {
    List<IngestedReading> list = new ArrayList<>();
    for (int m = 0; m < count; m++) {
      String id = region.replace('/', '-') + "-" + m;
      seed.meter(id, region);
      long perStep = heavy && m == 0 ? 1000 : 100;
      long register = 5_000_000L + 1000L * m;
      for (Instant t = from; !t.isAfter(to); t = t.plus(STEP)) {
        list.add(Seed.reading(id, t, register, m == 1 ? 260.0 : 230.0, 0.4));
        register += perStep;
      }
    }
    seed.readings(list);
  }

  LoadCurves curves(int minMeters, int sharePercent) {
    return new LoadCurves(db, AnalyticsSettings.defaults().withRule(minMeters, sharePercent));
  }

  static LoadQuery hourly(String prefix, GroupBy groupBy) {
    return new LoadQuery(prefix, groupBy, T0, T4, Duration.ofHours(1));
  }

  static GroupLoad group(LoadReport report, String name) {
    return report.groups().stream().filter(g -> g.group().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no group " + name + " in " + report.groups()));
  }

  @Test
  void energyPerIntervalComesFromRegisterDeltasEvenWithAGapAndShuffledArrival() {
    fleet("north/a", 15, T0.minus(STEP), T4.plus(STEP), false);
    // Meter north-a-0 lost its readings from 01:00 (exclusive) to 03:00 (exclusive).
    io.meterhub.platform.store.TestDatabase.sql(db, "DELETE FROM readings WHERE meter_id = 'north-a-0'"
        + " AND ts > TIMESTAMP WITH TIME ZONE '2026-11-02 01:00:00+00'"
        + " AND ts < TIMESTAMP WITH TIME ZONE '2026-11-02 03:00:00+00'");

    LoadReport report = curves(15, 0).load(hourly("north", GroupBy.REGION));

    GroupLoad north = group(report, "north/a");
    assertThat(north.suppressed()).isFalse();
    assertThat(north.meters()).isEqualTo(15);
    assertThat(north.intervals()).hasSize(4);
    for (IntervalLoad i : north.intervals()) {
      assertThat(i.energyWh()).as("interval %s", i.start()).isEqualTo(15 * 400);
      assertThat(i.meters()).isEqualTo(15);
      assertThat(i.averageDemandKw()).isEqualTo(6.0);
    }
    assertThat(north.intervals().get(0).peakDemandKw()).isEqualTo(6.0);
    // The gap meter reported no power in 02:00-03:00, so that interval's peak lacks it.
    assertThat(north.intervals().get(2).peakDemandKw()).isEqualTo(5.6);
    assertThat(north.energyWh()).isEqualTo(4 * 15 * 400);

    // Readings in the middle of long intervals stay in them (a rounded bucket division would move them a bucket on).
    GroupLoad whole = group(curves(15, 0).load(new LoadQuery("north", GroupBy.REGION, T0, T4, Duration.ofHours(4))),
        "north/a");
    assertThat(whole.intervals()).singleElement().satisfies(i -> assertThat(i.energyWh()).isEqualTo(15 * 1600));
    GroupLoad uneven = group(curves(15, 0).load(new LoadQuery("north", GroupBy.REGION, T0, T4, Duration.ofHours(3))),
        "north/a");
    assertThat(uneven.intervals()).extracting(IntervalLoad::energyWh).containsExactly(15L * 1200, 15L * 400);
    assertThat(uneven.intervals().get(1).end()).isEqualTo(T4);
  }

  @Test
  void smallGroupsAreSuppressedWithoutNumbersAndMergeIntoALargerGroupByDepth() {
    fleet("north/a", 15, T0.minus(STEP), T4.plus(STEP), false);
    fleet("north/b", 14, T0.minus(STEP), T4.plus(STEP), false);

    LoadReport byRegion = curves(15, 0).load(hourly(null, GroupBy.REGION));
    GroupLoad small = group(byRegion, "north/b");
    assertThat(small.suppressed()).isTrue();
    assertThat(small.reason()).contains("fewer than 15 meters");
    assertThat(small.intervals()).isEmpty();
    assertThat(small.meters()).isZero();
    assertThat(small.energyWh()).isZero();
    assertThat(group(byRegion, "north/a").suppressed()).isFalse();

    LoadReport byArea = curves(15, 0).load(hourly(null, GroupBy.parse("region:1")));
    assertThat(byArea.groups()).extracting(GroupLoad::group).containsExactly("north");
    assertThat(group(byArea, "north").meters()).isEqualTo(29);
    assertThat(group(byArea, "north").intervals()).allSatisfy(i -> assertThat(i.energyWh()).isEqualTo(29 * 400));
  }

  @Test
  void oneDominantMeterSuppressesTheGroupUnderTheFifteenFifteenRule() {
    fleet("east/c", 15, T0.minus(STEP), T4.plus(STEP), true);

    GroupLoad strict = group(curves(15, 15).load(hourly("east", GroupBy.REGION)), "east/c");
    assertThat(strict.suppressed()).isTrue();
    assertThat(strict.reason()).contains("more than 15 %");
    assertThat(strict.intervals()).isEmpty();

    GroupLoad countOnly = group(curves(15, 0).load(hourly("east", GroupBy.REGION)), "east/c");
    assertThat(countOnly.suppressed()).isFalse();
    assertThat(countOnly.intervals().get(0).energyWh()).isEqualTo(14 * 400 + 4000);
    // 15 equal meters hold 6.7 % each: the rule lets them through.
    fleet("east/d", 15, T0.minus(STEP), T4.plus(STEP), false);
    assertThat(group(curves(15, 15).load(hourly("east", GroupBy.REGION)), "east/d").suppressed()).isFalse();
  }

  @Test
  void anIntervalThatWouldRevealASingleMeterSuppressesTheGroup() {
    // 14 meters stop reporting before 02:00; only west-d-0 goes on until the end.
    fleet("west/d", 15, T0.minus(STEP), T0.plus(Duration.ofMinutes(105)), false);
    List<IngestedReading> lonely = new ArrayList<>();
    long register = 5_000_000L + 800;
    for (Instant t = T0.plus(Duration.ofMinutes(120)); !t.isAfter(T4.plus(STEP)); t = t.plus(STEP)) {
      lonely.add(Seed.reading("west-d-0", t, register, 230.0, 0.4));
      register += 100;
    }
    seed.readings(lonely);

    GroupLoad west = group(curves(15, 0).load(hourly("west", GroupBy.REGION)), "west/d");

    assertThat(west.suppressed()).isTrue();
    assertThat(west.reason()).contains("2026-11-02T02:00:00Z").contains("fewer than 15 meters");
    assertThat(west.intervals()).isEmpty();
  }

  @Test
  void parameterLimitsAreValidationErrorsNamingTheParameter() {
    LoadCurves limited = new LoadCurves(db, AnalyticsSettings.defaults().withMaxIntervals(24));
    assertThatThrownBy(() -> limited.load(new LoadQuery(null, GroupBy.REGION, T0, T0.plus(Duration.ofDays(2)),
        Duration.ofHours(1)))).isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.errors()).anySatisfy(f -> {
              assertThat(f.field()).isEqualTo("interval");
              assertThat(f.message()).contains("48 intervals").contains("at most 24");
            }));
    assertThatThrownBy(() -> limited.load(new LoadQuery(null, GroupBy.REGION, T0, T4, Duration.ofSeconds(30))))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("interval"));
    assertThatThrownBy(() -> limited.load(new LoadQuery(null, GroupBy.REGION, T4, T0, Duration.ofHours(1))))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.errors()).extracting(f -> f.field()).containsExactly("to"));
    assertThatThrownBy(() -> GroupBy.parse("feeder")).isInstanceOf(ValidationException.class);
    assertThat(limited.load(new LoadQuery(null, GroupBy.REGION, T0, T0.plus(Duration.ofMinutes(90)),
        Duration.ofHours(1))).groups()).isEmpty();
  }

  @Test
  void qualityReportsVoltageStatisticsEventsAndOutagesAndSuppressesSmallGroups() {
    fleet("north/a", 15, T0, T4, false);
    fleet("north/b", 14, T0, T4, false);
    // A supply-loss sample (no voltage) is an event's business, not a quality sample.
    seed.readings(List.of(Seed.reading("north-a-2", T0.plusSeconds(60), null, 3.0, null)));
    seed.event("north-a-0", "north/a", "voltage_loss_l1", T0.plusSeconds(600));
    seed.event("north-a-0", "north/a", "voltage_loss_l2", T0.plusSeconds(700));
    seed.event("north-a-3", "north/a", "current_loss", T0.plusSeconds(800));
    seed.event("north-a-4", "north/a", "power_failure", T0.plusSeconds(900));
    seed.event("north-a-4", "north/a", "meter_cover_opened", T0.plusSeconds(900));
    seed.event("north-a-4", "north/a", "power_failure", T4.plusSeconds(900));
    seed.outage("north", T0.plusSeconds(3600), T0.plusSeconds(7200), 12);
    seed.outage("north", T0.minus(Duration.ofDays(2)), T0.minus(Duration.ofDays(1)), 11);
    seed.outage("south", T0.plusSeconds(3600), null, 20);

    QualityReport report = new QualityStats(db, AnalyticsSettings.defaults()).quality("north/", GroupBy.REGION, T0,
        T4.plusSeconds(1));

    GroupQuality a = report.groups().stream().filter(g -> g.group().equals("north/a")).findFirst().orElseThrow();
    assertThat(a.suppressed()).isFalse();
    assertThat(a.meters()).isEqualTo(15);
    assertThat(a.samples()).isEqualTo(15 * 17);
    assertThat(a.minV()).isEqualTo(230.0);
    assertThat(a.maxV()).isEqualTo(260.0);
    assertThat(a.outside()).isEqualTo(17);
    assertThat(a.outsideShare()).isCloseTo(1.0 / 15, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(a.avgV()).isEqualTo(232.0);
    assertThat(a.voltageLossEvents()).isEqualTo(2);
    assertThat(a.currentLossEvents()).isEqualTo(1);
    assertThat(a.powerFailureEvents()).isEqualTo(1);
    GroupQuality b = report.groups().stream().filter(g -> g.group().equals("north/b")).findFirst().orElseThrow();
    assertThat(b.suppressed()).isTrue();
    assertThat(b.minV()).isNull();
    assertThat(b.samples()).isZero();
    assertThat(report.outages()).singleElement().satisfies(o -> {
      assertThat(o.region()).isEqualTo("north");
      assertThat(o.affectedMeters()).isEqualTo(12);
    });
  }
}
