package io.meterhub.platform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline's tuning: the concurrency cap and delivery rate come from configuration; timeouts back off. */
class CommandSettingsTest {

  @Test
  void concurrencyCapAndDeliveryRateAreConfigurable() {
    CommandSettings settings =
        CommandSettings.from(
            Map.of(
                "METERHUB_COMMAND_MAX_IN_FLIGHT", "7",
                "METERHUB_COMMAND_RATE_PER_SECOND", "25",
                "METERHUB_COMMAND_REQUEST_TIMEOUT_SECONDS", "5",
                "METERHUB_COMMAND_TTL_SECONDS", "600"));

    assertThat(settings.maxInFlight()).isEqualTo(7);
    assertThat(settings.ratePerSecond()).isEqualTo(25);
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.defaultTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(CommandSettings.defaults().maxInFlight()).isEqualTo(64);
    assertThat(CommandSettings.defaults().ratePerSecond()).isEqualTo(200);
  }

  @Test
  void capOrRateOfZeroIsRefusedAtStart() {
    assertThatThrownBy(() -> CommandSettings.from(Map.of("METERHUB_COMMAND_MAX_IN_FLIGHT", "0")))
        .hasMessageContaining("METERHUB_COMMAND_MAX_IN_FLIGHT");
    assertThatThrownBy(() -> CommandSettings.from(Map.of("METERHUB_COMMAND_RATE_PER_SECOND", "0")))
        .hasMessageContaining("METERHUB_COMMAND_RATE_PER_SECOND");
  }

  @Test
  void unansweredAttemptsBackOffExponentiallyUpToTheMaximum() {
    CommandSettings settings =
        new CommandSettings(
            Duration.ofHours(1), Duration.ofDays(1), 4, 10, Duration.ofSeconds(5), Duration.ofSeconds(2),
            Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(1), 2);

    assertThat(CommandDelivery.backoff(1, settings)).isEqualTo(Duration.ofSeconds(2));
    assertThat(CommandDelivery.backoff(2, settings)).isEqualTo(Duration.ofSeconds(4));
    assertThat(CommandDelivery.backoff(3, settings)).isEqualTo(Duration.ofSeconds(8));
    assertThat(CommandDelivery.backoff(4, settings)).isEqualTo(Duration.ofSeconds(16));
    assertThat(CommandDelivery.backoff(5, settings)).as("capped").isEqualTo(Duration.ofSeconds(30));
    assertThat(CommandDelivery.backoff(1_000, settings)).as("no overflow").isEqualTo(Duration.ofSeconds(30));
  }
}
