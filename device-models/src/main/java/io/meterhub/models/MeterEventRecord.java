package io.meterhub.models;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One event a meter reported in object 26243.
 *
 * @param rawCode the code as the meter sent it (kept also when {@code code} is {@link EventCode#UNKNOWN})
 * @param code the catalogued event
 * @param occurredAt when it occurred, meter clock
 * @param sequence the meter's event sequence number, for de-duplication
 * @param value measured value that goes with the event, null when not sent
 * @param phase phase 1..3 the event concerns, null when not sent
 */
public record MeterEventRecord(
    int rawCode, EventCode code, Instant occurredAt, long sequence, Double value, Integer phase)
    implements Serializable {

  public MeterEventRecord {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
