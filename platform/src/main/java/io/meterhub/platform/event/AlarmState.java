package io.meterhub.platform.event;

import java.util.Locale;
import java.util.Optional;

/**
 * Lifecycle of an alarm: open → acknowledged (by an operator) → cleared (condition gone). Open may clear directly.
 */
public enum AlarmState {
  OPEN,
  ACKNOWLEDGED,
  CLEARED;

  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AlarmState> fromApiName(String name) {
    for (AlarmState s : values()) {
      if (s.apiName().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
