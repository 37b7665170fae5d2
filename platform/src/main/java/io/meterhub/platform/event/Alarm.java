package io.meterhub.platform.event;

import io.meterhub.models.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * An alarm raised for one meter.
 *
 * @param id store-assigned id
 * @param type category: {@code tamper}, {@code fault}, {@code credit}, {@code clock}, {@code quality}
 * @param cause what raised it: an event type ({@code meter_cover_opened}) or a condition ({@code clock_skew},
 *     {@code undervoltage}, {@code overvoltage}); one live (not cleared) alarm per meter and cause
 * @param eventCount how many events raised or repeated it
 * @param ackBy user who acknowledged it, or null
 * @param ackNote the note given with the acknowledgement, or null
 * @param outageId the outage incident it was folded into, or null
 * @param details JSON object text, or null
 */
public record Alarm(
    long id,
    String meterId,
    String region,
    String type,
    String cause,
    Severity severity,
    AlarmState state,
    Instant openedAt,
    Instant updatedAt,
    int eventCount,
    String ackBy,
    String ackNote,
    Instant ackedAt,
    Instant clearedAt,
    Long outageId,
    String details) {

  public Alarm {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }
}
