package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.client.SimulatedMeter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet-wide measurement cadence (METERHUB_MEASUREMENT_PMIN/PMAX_SECONDS) reaches a real Leshan meter over DTLS
 * as its observe attributes, while the other observed objects keep the profile's.
 */
@Timeout(120)
class MeasurementCadenceEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dataDir;

  @Test
  void configuredMeasurementPeriodsAreWrittenToTheMeter() throws Exception {
    String id = "urn:imei:861234567895077";
    String key = "d7".repeat(16);
    Map<String, String> settings =
        Map.of("METERHUB_MEASUREMENT_PMIN_SECONDS", "4", "METERHUB_MEASUREMENT_PMAX_SECONDS", "20");
    try (PlatformFixture fx =
        PlatformFixture.start(dataDir, "cadence-" + UUID.randomUUID(), 1, List.of(),
            io.meterhub.platform.command.CommandSettings.defaults(), settings)) {
      fx.createMeter(id, "KPM33", "west/f2", "861234567895077", key);
      try (SimulatedMeter meter = fx.meter(id, "KPM33", "861234567895077", key)) {
        meter.start();
        assertThat(meter.awaitRegistered(WAIT)).isTrue();
        await("the configured pmin is written", WAIT, () -> Long.valueOf(4).equals(PlatformFixture.observeAttribute(meter, "/10242/0", "pmin")));
        assertThat(PlatformFixture.observeAttribute(meter, "/10242/0", "pmax")).isEqualTo(20L);
        assertThat(PlatformFixture.observeAttribute(meter, "/26241/0", "pmin")).as("billing TOU registers keep their cadence").isEqualTo(60L);
        assertThat(PlatformFixture.observeAttribute(meter, "/3312/0/5850", "pmax")).isEqualTo(300L);
      }
    }
  }

  /** An attribute the meter holds for a path, as written by the server (null when absent). */
}
