package io.meterhub.models;

/**
 * State of the meter's supply relay, from resource 3312/0/5850 (On/Off): {@code true} = relay closed (supply on),
 * {@code false} = relay open (tripped).
 */
public enum RelayState {
  /** Supply on. */
  CLOSED,
  /** Tripped: supply off. */
  OPEN,
  /** Not reported yet. */
  UNKNOWN;

  /** The state a 3312/0/5850 value stands for. */
  public static RelayState fromOnOff(boolean on) {
    return on ? CLOSED : OPEN;
  }

  /** The 3312/0/5850 value that requests this state; only for OPEN and CLOSED. */
  public boolean toOnOff() {
    if (this == UNKNOWN) {
      throw new IllegalStateException("UNKNOWN is not a relay target");
    }
    return this == CLOSED;
  }

  /** The lower-case name used by the REST API ({@code closed}, {@code open}, {@code unknown}). */
  public String apiName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
