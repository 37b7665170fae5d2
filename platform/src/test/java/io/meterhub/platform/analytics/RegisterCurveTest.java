package io.meterhub.platform.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegisterCurveTest {

  static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

  static Instant at(int minutes) {
    return T0.plusSeconds(60L * minutes);
  }

  static RegisterCurve hourly(int hours) {
    Instant[] bounds = new Instant[hours + 1];
    for (int i = 0; i <= hours; i++) {
      bounds[i] = at(60 * i);
    }
    return new RegisterCurve(bounds);
  }

  @Test
  void deltasOfTheCumulativeRegisterNotItsValuesMakeTheEnergy() {
    RegisterCurve c = hourly(2);
    c.add(at(0), 1_000_000);
    c.add(at(30), 1_000_200);
    c.add(at(60), 1_000_400);
    c.add(at(90), 1_000_500);
    c.add(at(120), 1_000_600);

    assertThat(c.energyWh(0)).isEqualTo(400);
    assertThat(c.energyWh(1)).isEqualTo(200);
    assertThat(c.totalWh()).isEqualTo(600);
  }

  @Test
  void aGapOfMissingReadingsSpreadsItsDeltaOverTheIntervalsItSpans() {
    RegisterCurve c = hourly(4);
    c.add(at(0), 0);
    c.add(at(60), 400);
    // Readings of 01:00-03:00 never arrived: 800 Wh over two hours.
    c.add(at(180), 1200);
    c.add(at(240), 1600);

    assertThat(new long[] {c.energyWh(0), c.energyWh(1), c.energyWh(2), c.energyWh(3)})
        .containsExactly(400, 400, 400, 400);
    assertThat(c.covered(1)).isTrue();
    assertThat(c.covered(2)).isTrue();
  }

  @Test
  void unevenSplitsStillSumToTheRegisterGrowthToTheWh() {
    RegisterCurve c = hourly(3);
    c.add(at(-7), 0);
    c.add(at(187), 1001);

    long inside = c.energyWh(0) + c.energyWh(1) + c.energyWh(2);
    // 180 of the 194 minutes lie inside: floor(1001 * 187/194) - floor(1001 * 7/194).
    assertThat(inside).isEqualTo(1001L * 187 / 194 - 1001L * 7 / 194);
    assertThat(c.energyWh(1)).isBetween(309L, 310L);
  }

  @Test
  void aRegisterStepBackwardsAddsNothingAndTheCurveContinuesFromTheNewValue() {
    RegisterCurve c = hourly(2);
    c.add(at(0), 5000);
    c.add(at(30), 5100);
    c.add(at(45), 10); // meter replaced
    c.add(at(90), 110);

    // 100 before the reset, nothing for the step, then 100 Wh over 45 minutes: 15 of them in the first hour.
    assertThat(c.energyWh(0)).isEqualTo(100 + 0 + 33);
    assertThat(c.energyWh(1)).isEqualTo(67);
  }

  @Test
  void olderOrRepeatedPointsAreIgnoredAndIntervalsWithoutDataAreNotCovered() {
    RegisterCurve c = hourly(3);
    c.add(at(10), 100);
    c.add(at(50), 300);
    c.add(at(20), 999);
    c.add(at(50), 999);

    assertThat(c.totalWh()).isEqualTo(200);
    assertThat(c.covered(0)).isTrue();
    assertThat(c.covered(1)).isFalse();
    assertThat(c.covered(2)).isFalse();
  }
}
