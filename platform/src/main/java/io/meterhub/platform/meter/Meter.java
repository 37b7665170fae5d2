package io.meterhub.platform.meter;

import java.time.Instant;
import java.util.Objects;

/**
 * A meter in the durable registry.
 *
 * @param id LwM2M endpoint name, unique
 * @param model product profile name (KPM31, KPM33, KPM37)
 * @param region slash-separated region path, e.g. {@code north/feeder-07}
 * @param security the meter's DTLS credentials
 */
public record Meter(String id, String model, String region, MeterSecurity security, Instant createdAt, Instant updatedAt) {

  public Meter {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
