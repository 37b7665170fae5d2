package io.meterhub.platform.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.lwm2m.ObserveTarget;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsentObservationsTest {

  private static final List<ObserveTarget> PROFILE =
      List.of(
          new ObserveTarget("/10243/0", 15, 60),
          new ObserveTarget("/3312/0/5850", 0, 300),
          new ObserveTarget("/26241/0", 60, 900));

  @Test
  void fleetMeasurementPeriodsReplaceOnlyTheMeasurementObjects() {
    List<ObserveTarget> targets =
        ConsentObservations.withMeasurementPeriods(PROFILE, Optional.of(5), Optional.of(30));

    assertThat(targets)
        .containsExactly(
            new ObserveTarget("/10243/0", 5, 30),
            new ObserveTarget("/3312/0/5850", 0, 300),
            new ObserveTarget("/26241/0", 60, 900));
  }

  @Test
  void unsetPeriodsKeepTheProfilesAndAPmaxBelowPminIsRaised() {
    assertThat(ConsentObservations.withMeasurementPeriods(PROFILE, Optional.empty(), Optional.empty()))
        .isEqualTo(PROFILE);
    assertThat(ConsentObservations.withMeasurementPeriods(PROFILE, Optional.of(120), Optional.empty()).get(0))
        .isEqualTo(new ObserveTarget("/10243/0", 120, 120));
    assertThat(ConsentObservations.withMeasurementPeriods(PROFILE, Optional.empty(), Optional.of(600)).get(0))
        .isEqualTo(new ObserveTarget("/10243/0", 15, 600));
  }

  @Test
  void consentedGranularityStillCapsTheFleetCadence() {
    List<ObserveTarget> fleet =
        ConsentObservations.withMeasurementPeriods(PROFILE, Optional.of(5), Optional.of(30));

    List<ObserveTarget> consented = ConsentObservations.apply(fleet, Granularity.QUARTER_HOURLY);

    assertThat(consented.get(0)).isEqualTo(new ObserveTarget("/10243/0", 900, 900));
    assertThat(ConsentObservations.apply(fleet, Granularity.UNRESTRICTED).get(0))
        .isEqualTo(new ObserveTarget("/10243/0", 5, 30));
  }
}
