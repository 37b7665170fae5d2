package io.meterhub.platform.event;

import java.util.Objects;

/**
 * A change of an alarm, as streamed and delivered to webhooks.
 *
 * @param change {@code opened}, {@code repeated}, {@code acknowledged}, {@code cleared} or {@code suppressed}
 */
public record AlarmChange(Alarm alarm, String change) {

  public AlarmChange {
    Objects.requireNonNull(alarm, "alarm");
    Objects.requireNonNull(change, "change");
  }
}
