package io.meterhub.platform.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.metering.IngestedReading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GranularityFilterTest {

  static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  private final List<IngestedReading> stored = new CopyOnWriteArrayList<>();
  private final Map<String, Granularity> consent = new ConcurrentHashMap<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GranularityFilter filter =
      new GranularityFilter(stored::add, m -> consent.getOrDefault(m, Granularity.UNRESTRICTED), registry);

  private static IngestedReading reading(String meter, Instant at, TouRegisters tou) {
    return new IngestedReading(meter, new MeterReading(at, 1000L, 230.0, 1.0, 0.2, 0.9, 50.0, null, tou), at);
  }

  private double dropped() {
    return registry.get("meterhub_readings_dropped").tag("reason", "granularity").counter().count();
  }

  @Test
  void storesAtMostOneReadingPerConsentedPeriodAndCountsTheRest() {
    consent.put("m", Granularity.HALF_HOURLY);
    for (int minute = 0; minute < 120; minute += 5) {
      filter.accept(reading("m", T0.plus(Duration.ofMinutes(minute)), null));
    }

    assertThat(stored).extracting(r -> r.reading().timestamp()).containsExactly(T0, T0.plusSeconds(1800),
        T0.plusSeconds(3600), T0.plusSeconds(5400));
    assertThat(dropped()).isEqualTo(24 - 4);
  }

  @Test
  void monthlyKeepsTheFirstReadingOfEachCalendarMonthAndDropsABacklog() {
    consent.put("m", Granularity.MONTHLY);
    filter.accept(reading("m", Instant.parse("2026-12-03T10:00:00Z"), null));
    filter.accept(reading("m", Instant.parse("2026-12-31T23:59:00Z"), null));
    filter.accept(reading("m", Instant.parse("2027-01-01T00:01:00Z"), null));
    filter.accept(reading("m", Instant.parse("2026-12-20T00:00:00Z"), null));

    assertThat(stored).extracting(r -> r.reading().timestamp().toString())
        .containsExactly("2026-12-03T10:00:00Z", "2027-01-01T00:01:00Z");
  }

  @Test
  void timeOfUseRegistersAreStillStoredForBillingWithoutTheFineValues() {
    consent.put("m", Granularity.DAILY);
    TouRegisters tou = new TouRegisters(1L, 2L, 3L, 4L, 1.5, T0);
    filter.accept(reading("m", T0, tou));
    filter.accept(reading("m", T0.plusSeconds(900), tou));
    filter.accept(new IngestedReading("m", new MeterReading(T0.plusSeconds(1000), null, null, null, null, null, null,
        null, tou), T0));

    assertThat(stored).hasSize(3);
    MeterReading reduced = stored.get(1).reading();
    assertThat(reduced.tou()).isEqualTo(tou);
    assertThat(reduced.voltageV()).isNull();
    assertThat(reduced.activeEnergyWh()).isNull();
    assertThat(reduced.activePowerKw()).isNull();
    assertThat(registry.get("meterhub_readings_tou_only").counter().count()).isEqualTo(1);
    assertThat(dropped()).isZero();
  }

  @Test
  void unrestrictedMetersPassAndAConsentChangeStartsAfresh() {
    for (int i = 0; i < 3; i++) {
      filter.accept(reading("free", T0.plusSeconds(i), null));
    }
    consent.put("m", Granularity.DAILY);
    filter.accept(reading("m", T0, null));
    filter.accept(reading("m", T0.plusSeconds(60), null));
    consent.put("m", Granularity.QUARTER_HOURLY);
    filter.reset("m");
    filter.accept(reading("m", T0.plusSeconds(120), null));

    assertThat(stored).extracting(IngestedReading::meterId).containsExactly("free", "free", "free", "m", "m");
  }

  @Test
  void measurementObjectIsSlowedToThePeriodAndBillingAndRelayKeepTheirAttributes() {
    List<io.meterhub.platform.lwm2m.ObserveTarget> profile = List.of(
        new io.meterhub.platform.lwm2m.ObserveTarget("/10243/0", 15, 60),
        new io.meterhub.platform.lwm2m.ObserveTarget("/3312/0/5850", 0, 300),
        new io.meterhub.platform.lwm2m.ObserveTarget("/26241/0", 60, 900));

    assertThat(ConsentObservations.apply(profile, Granularity.DAILY)).containsExactly(
        new io.meterhub.platform.lwm2m.ObserveTarget("/10243/0", 86_400, 86_400), profile.get(1), profile.get(2));
    assertThat(ConsentObservations.apply(profile, Granularity.UNRESTRICTED)).isEqualTo(profile);
  }
}
