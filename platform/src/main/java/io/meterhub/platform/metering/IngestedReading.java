package io.meterhub.platform.metering;

import io.meterhub.models.MeterReading;
import java.time.Instant;
import java.util.Objects;

/**
 * A reading as received from a meter.
 *
 * @param meterId endpoint name
 * @param reading the decoded values
 * @param receivedAt when the platform received it (to measure arrival → queryable latency)
 */
public record IngestedReading(String meterId, MeterReading reading, Instant receivedAt) {

  public IngestedReading {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(reading, "reading");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
