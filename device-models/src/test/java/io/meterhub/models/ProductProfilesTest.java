package io.meterhub.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProductProfilesTest {

  @Test
  void singlePhaseKpm31ExposesTheSinglePhaseMeterAndCannotLoseL2OrL3() {
    ProductProfile kpm31 = ProductProfiles.find("KPM31").orElseThrow();
    assertThat(kpm31.phases()).isEqualTo(1);
    assertThat(kpm31.meterObjectId()).isEqualTo(MeterObjectModels.SINGLE_PHASE_METER);
    assertThat(kpm31.objectIds()).containsExactlyInAnyOrder(3, 4, 5, 10243, 3312, 26241, 26242, 26243);
    assertThat(kpm31.observations())
        .containsExactly(
            new ObservedPath("/10243/0", 15, 60),
            new ObservedPath("/3312/0/5850", 0, 300),
            new ObservedPath("/26241/0", 60, 900),
            new ObservedPath("/26243", 0, 0));
    assertThat(kpm31.events())
        .contains(EventCode.VOLTAGE_LOSS_L1, EventCode.RELAY_OPENED_REMOTE, EventCode.LOW_CREDIT)
        .doesNotContain(EventCode.VOLTAGE_LOSS_L2, EventCode.VOLTAGE_LOSS_L3, EventCode.UNKNOWN);
  }

  @Test
  void threePhaseModelsExposeTheThreePhaseMeterAndEveryPhaseEvent() {
    for (String model : List.of("KPM33", "KPM37")) {
      ProductProfile profile = ProductProfiles.find(model).orElseThrow();
      assertThat(profile.phases()).isEqualTo(3);
      assertThat(profile.objectIds())
          .containsExactlyInAnyOrder(3, 4, 5, 10242, 3312, 26241, 26242, 26243)
          .doesNotContain(10243);
      assertThat(profile.observations()).contains(new ObservedPath("/10242/0", 15, 60));
      assertThat(profile.events())
          .contains(EventCode.VOLTAGE_LOSS_L1, EventCode.VOLTAGE_LOSS_L2, EventCode.VOLTAGE_LOSS_L3)
          .doesNotContain(EventCode.UNKNOWN);
    }
    assertThat(ProductProfiles.find("KPM37").orElseThrow().observations()).contains(new ObservedPath("/4/0", 300, 3600));
    assertThat(ProductProfiles.find("KPM33").orElseThrow().observations()).noneMatch(o -> o.path().startsWith("/4"));
  }

  @Test
  void everyProfileOnlyUsesObjectsThatHaveAModel() {
    Set<Integer> modelled = MeterObjectModels.all().stream().map(m -> m.id).collect(Collectors.toSet());
    assertThat(ProductProfiles.all()).extracting(ProductProfile::model).containsExactly("KPM31", "KPM33", "KPM37");
    for (ProductProfile profile : ProductProfiles.all()) {
      assertThat(modelled).as(profile.model()).containsAll(profile.objectIds());
      for (ObservedPath observed : profile.observations()) {
        assertThat(MeterObjectModels.model().getObjectModel(observed.lwm2mPath().getObjectId())).isNotNull();
      }
    }
  }

  @Test
  void findIgnoresCaseAndBlanksAndReturnsEmptyForUnknownModels() {
    assertThat(ProductProfiles.find(" kpm33 ")).map(ProductProfile::model).contains("KPM33");
    assertThat(ProductProfiles.find("KPM99")).isEmpty();
    assertThatThrownBy(() -> ProductProfiles.find(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void profilesAreImmutableAndRejectObservationsOutsideTheirObjects() {
    ProductProfile kpm31 = ProductProfiles.find("KPM31").orElseThrow();
    assertThatThrownBy(() -> kpm31.objectIds().add(1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> kpm31.events().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(
            () -> new ProductProfile("X", "x", 1, Set.of(3), List.of(new ObservedPath("/10243/0", 1, 2)), Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ObservedPath("/10243/0", 60, 15)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ObservedPath("not a path", 0, 0)).isInstanceOf(RuntimeException.class);
  }
}
