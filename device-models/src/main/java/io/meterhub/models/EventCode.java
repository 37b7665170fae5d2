package io.meterhub.models;

import java.util.HashMap;
import java.util.Map;

/**
 * The meterhub event catalogue: the codes a meter puts in resource 26243/x/0 (Event Code). The numbers are part of the
 * device contract and never change; new codes only get new numbers.
 */
public enum EventCode {
  VOLTAGE_LOSS_L1(101, Severity.CRITICAL, "Voltage loss on phase L1"),
  VOLTAGE_LOSS_L2(102, Severity.CRITICAL, "Voltage loss on phase L2"),
  VOLTAGE_LOSS_L3(103, Severity.CRITICAL, "Voltage loss on phase L3"),
  CURRENT_LOSS(110, Severity.CRITICAL, "Current loss (voltage present, no current on a loaded phase)"),
  METER_COVER_OPENED(201, Severity.CRITICAL, "Meter cover opened"),
  TERMINAL_COVER_OPENED(202, Severity.CRITICAL, "Terminal cover opened"),
  MAGNETIC_TAMPER(203, Severity.CRITICAL, "Strong magnetic field detected"),
  REVERSE_ENERGY(204, Severity.WARNING, "Reverse energy flow"),
  CURRENT_IMBALANCE(205, Severity.CRITICAL, "Current imbalance between phase and neutral (possible bypass)"),
  OVERLOAD(301, Severity.WARNING, "Overload: load above the meter's limit"),
  POWER_FAILURE(401, Severity.WARNING, "Power failure (supply lost)"),
  POWER_RESTORED(402, Severity.INFO, "Power restored"),
  RELAY_OPENED_LOCAL(501, Severity.WARNING, "Relay opened by the meter (credit, overload or button)"),
  RELAY_OPENED_REMOTE(502, Severity.INFO, "Relay opened on a remote command"),
  RELAY_CLOSED(503, Severity.INFO, "Relay closed"),
  LOW_CREDIT(601, Severity.WARNING, "Low credit"),
  /** A code not in this catalogue; the raw code is kept in {@link MeterEventRecord#rawCode()}. */
  UNKNOWN(-1, Severity.WARNING, "Unknown event code");

  private static final Map<Integer, EventCode> BY_CODE = new HashMap<>();

  static {
    for (EventCode code : values()) {
      if (code != UNKNOWN) {
        BY_CODE.put(code.code, code);
      }
    }
  }

  private final int code;
  private final Severity severity;
  private final String description;

  EventCode(int code, Severity severity, String description) {
    this.code = code;
    this.severity = severity;
    this.description = description;
  }

  /** The number a meter sends for this event; -1 for {@link #UNKNOWN}. */
  public int code() {
    return code;
  }

  /** How urgent the event is. */
  public Severity severity() {
    return severity;
  }

  /** Short English description for operators. */
  public String description() {
    return description;
  }

  /** The event with this code, {@link #UNKNOWN} for codes not in the catalogue. */
  public static EventCode fromCode(int code) {
    return BY_CODE.getOrDefault(code, UNKNOWN);
  }
}
