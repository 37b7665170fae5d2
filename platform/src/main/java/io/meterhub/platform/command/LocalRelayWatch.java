package io.meterhub.platform.command;

import io.meterhub.models.RelayState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells relay changes made at the meter (customer button, overload or credit trip in the meter) from those a command
 * caused: a change is local unless a command to that state was sent to the meter shortly before. Node-local: the
 * node holding the session is the one that sees both the command and the notification.
 */
final class LocalRelayWatch {

  private static final Duration EXPECTATION = Duration.ofMinutes(2);

  private record Expected(RelayState state, Instant until) {}

  private final Map<String, RelayState> lastReported = new ConcurrentHashMap<>();
  private final Map<String, Expected> expected = new ConcurrentHashMap<>();

  /** A command to {@code state} is about to be sent to the meter. */
  void expect(String meterId, RelayState state, Instant now) {
    expected.put(meterId, new Expected(state, now.plus(EXPECTATION)));
  }

  /** The meter reported its relay; true when this is a change no recent command explains. */
  boolean reported(String meterId, RelayState state, Instant now) {
    RelayState previous = lastReported.put(meterId, state);
    if (previous == null || previous == state || state == RelayState.UNKNOWN) {
      return false;
    }
    Expected e = expected.get(meterId);
    if (e != null && e.state() == state && now.isBefore(e.until())) {
      return false;
    }
    expected.remove(meterId);
    return true;
  }
}
