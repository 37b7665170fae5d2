package io.meterhub.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.models.EventCode;
import io.meterhub.models.ProductProfile;
import io.meterhub.models.ProductProfiles;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {

  private static final ProductProfile KPM31 = ProductProfiles.find("KPM31").orElseThrow();

  private static long count(EventGenerator generator, int meters, int ticks, double tickSeconds) {
    long n = 0;
    for (int m = 0; m < meters; m++) {
      long seed = LoadProfile.mix(99, m);
      for (int t = 0; t < ticks; t++) {
        if (generator.eventAt(seed, t, tickSeconds, KPM31).isPresent()) {
          n++;
        }
      }
    }
    return n;
  }

  @Test
  void eventsComeAtTheConfiguredRate() {
    // 1,000 meters for 10 hours of 60 s ticks at 2 events/meter/hour: 20,000 expected.
    long n = count(new EventGenerator(2.0), 1000, 600, 60);
    assertThat(n).isBetween(19_000L, 21_000L);
  }

  @Test
  void zeroRateRaisesNothing() {
    assertThat(count(new EventGenerator(0), 100, 100, 60)).isZero();
  }

  @Test
  void theSameMeterAndTickAlwaysDecideTheSame() {
    EventGenerator generator = new EventGenerator(30);
    for (int t = 0; t < 500; t++) {
      Optional<EventCode> a = generator.eventAt(123, t, 60, KPM31);
      assertThat(generator.eventAt(123, t, 60, KPM31)).isEqualTo(a);
    }
  }

  @Test
  void onlyEventsTheModelCanRaiseAreRaised() {
    EventGenerator generator = new EventGenerator(3600);
    for (int t = 0; t < 200; t++) {
      generator.eventAt(5, t, 1, KPM31).ifPresent(code -> assertThat(KPM31.events()).contains(code));
    }
    assertThat(KPM31.events()).containsAll(EventGenerator.TAMPER_BURST).containsAll(EventGenerator.OUTAGE_BURST);
  }

  @Test
  void negativeRateIsRejected() {
    assertThatThrownBy(() -> new EventGenerator(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
