package io.meterhub.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EventCodeTest {

  @Test
  void codesAreUniqueAndRoundTrip() {
    assertThat(EventCode.values()).extracting(EventCode::code).doesNotHaveDuplicates();
    Arrays.stream(EventCode.values())
        .filter(c -> c != EventCode.UNKNOWN)
        .forEach(c -> assertThat(EventCode.fromCode(c.code())).isSameAs(c));
  }

  @Test
  void unknownCodesMapToUnknown() {
    assertThat(EventCode.fromCode(9999)).isSameAs(EventCode.UNKNOWN);
    assertThat(EventCode.fromCode(-1)).isSameAs(EventCode.UNKNOWN);
  }

  @Test
  void catalogueNumbersAreThoseOfTheDeviceContract() {
    assertThat(EventCode.VOLTAGE_LOSS_L1.code()).isEqualTo(101);
    assertThat(EventCode.VOLTAGE_LOSS_L3.code()).isEqualTo(103);
    assertThat(EventCode.METER_COVER_OPENED.code()).isEqualTo(201);
    assertThat(EventCode.RELAY_CLOSED.code()).isEqualTo(503);
    assertThat(EventCode.LOW_CREDIT.code()).isEqualTo(601);
    assertThat(EventCode.MAGNETIC_TAMPER.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(EventCode.fromCode(205)).isSameAs(EventCode.CURRENT_IMBALANCE);
    assertThat(EventCode.CURRENT_IMBALANCE.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(EventCode.POWER_RESTORED.severity()).isEqualTo(Severity.INFO);
    assertThat(EventCode.values()).allSatisfy(c -> assertThat(c.description()).isNotBlank());
  }
}
