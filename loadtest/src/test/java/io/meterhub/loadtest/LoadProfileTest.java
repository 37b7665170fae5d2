package io.meterhub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoadProfileTest {

  private static final LocalDate DAY = LocalDate.of(2026, 12, 4);

  private static Instant local(int hour, int minute) {
    return DAY.atTime(LocalTime.of(hour, minute)).toInstant(LoadProfile.DEFAULT_ZONE);
  }

  @Test
  void sameSeedAndInstantGiveTheSamePower() {
    for (long seed = 0; seed < 50; seed++) {
      for (int h = 0; h < 24; h++) {
        assertThat(LoadProfile.powerKw(seed, local(h, 17))).isEqualTo(LoadProfile.powerKw(seed, local(h, 17)));
      }
    }
  }

  @Test
  void differentSeedsGiveDifferentCurves() {
    long differing = 0;
    for (long seed = 1; seed < 100; seed++) {
      if (LoadProfile.powerKw(seed, local(19, 30)) != LoadProfile.powerKw(0, local(19, 30))) {
        differing++;
      }
    }
    assertThat(differing).isGreaterThan(90);
  }

  @Test
  void eveningPeakIsAboveTheNightForEveryMeter() {
    for (long seed = 0; seed < 500; seed++) {
      double evening = LoadProfile.powerKw(seed, local(19, 30));
      double night = LoadProfile.powerKw(seed, local(3, 0));
      assertThat(evening).as("seed %d", seed).isGreaterThan(night);
    }
  }

  @Test
  void powerIsPositiveAndPlausibleAllDay() {
    for (long seed = 0; seed < 100; seed++) {
      for (int minute = 0; minute < 24 * 60; minute += 7) {
        double kw = LoadProfile.powerKw(seed, local(0, 0).plusSeconds(minute * 60L));
        assertThat(kw).isBetween(0.05, 4.0);
      }
    }
  }

  @Test
  void theCurveFollowsTheGivenZone() {
    Instant utcEvening = DAY.atTime(19, 30).toInstant(ZoneOffset.UTC);
    assertThat(LoadProfile.powerKw(7, utcEvening, ZoneOffset.UTC))
        .isGreaterThan(LoadProfile.powerKw(7, DAY.atTime(3, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC));
  }
}
