package io.meterhub.platform.command;

import java.util.Locale;

/** Life cycle of a device command; the last four are final. */
public enum CommandStatus {
  /** Waiting for the meter to be reachable (or for a retry). */
  PENDING,
  /** Being delivered to the meter right now. */
  SENT,
  /** The meter reports the target state. */
  CONFIRMED,
  /** The meter refused, or its state did not change; the command's error says why. */
  FAILED,
  /** Not delivered before its deadline. */
  EXPIRED,
  /** Cancelled by a user, or superseded by a newer command. */
  CANCELLED;

  public boolean isFinal() {
    return this != PENDING && this != SENT;
  }

  /** Lower-case name used by the REST API and the database. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CommandStatus fromApiName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
