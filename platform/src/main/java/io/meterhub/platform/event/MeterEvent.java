package io.meterhub.platform.event;

import io.meterhub.models.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * A meter event as stored.
 *
 * @param id store-assigned id (0 before it is stored)
 * @param meterId endpoint name of the meter
 * @param region region of the meter when the event arrived (empty when the meter is unknown)
 * @param type {@link EventTypes} name: the EventCode name in lower case, {@code unknown} for codes not catalogued
 * @param severity how urgent the event is
 * @param occurredAt when it occurred, meter clock
 * @param receivedAt when the platform received it
 * @param sequence the meter's event sequence number (unique per meter)
 * @param value measured value that goes with the event, or null
 * @param phase phase 1..3, or null
 * @param details JSON object text with extra facts ({@code rawCode}, {@code clockSkewSeconds}), or null
 */
public record MeterEvent(
    long id,
    String meterId,
    String region,
    String type,
    Severity severity,
    Instant occurredAt,
    Instant receivedAt,
    long sequence,
    Double value,
    Integer phase,
    String details) {

  public MeterEvent {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  MeterEvent withId(long newId) {
    return new MeterEvent(newId, meterId, region, type, severity, occurredAt, receivedAt, sequence, value, phase,
        details);
  }
}
