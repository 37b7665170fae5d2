package io.meterhub.platform.command;

/** The meter is not in the registry. */
public final class UnknownMeterException extends RuntimeException {

  public UnknownMeterException(String meterId) {
    super("Meter not found: " + meterId, null, false, false);
  }
}
