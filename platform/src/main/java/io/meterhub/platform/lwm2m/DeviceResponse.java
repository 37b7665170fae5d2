package io.meterhub.platform.lwm2m;

import java.util.Objects;

/**
 * What became of one downlink request to a meter.
 *
 * @param outcome the kind of answer
 * @param code the LwM2M response code when the meter answered (e.g. {@code METHOD_NOT_ALLOWED}), else null
 * @param value the read value for a successful single-resource read, else null
 * @param detail human-readable description for errors (never secrets)
 */
public record DeviceResponse(Outcome outcome, String code, Object value, String detail) {

  /** Kinds of answer. */
  public enum Outcome {
    /** The meter answered with a success code. */
    SUCCESS,
    /** The meter answered with an error code (4.xx/5.xx): it refused. */
    REFUSED,
    /** No answer in time. */
    TIMEOUT,
    /** The meter has no registration, or is a queue-mode meter that sleeps: nothing was sent. */
    UNREACHABLE,
    /** The request could not be sent or the answer not understood. */
    ERROR
  }

  public DeviceResponse {
    Objects.requireNonNull(outcome, "outcome");
  }

  public static DeviceResponse success(String code, Object value) {
    return new DeviceResponse(Outcome.SUCCESS, code, value, null);
  }

  public static DeviceResponse refused(String code, String detail) {
    return new DeviceResponse(Outcome.REFUSED, code, null, detail);
  }

  public static DeviceResponse timeout(String detail) {
    return new DeviceResponse(Outcome.TIMEOUT, null, null, detail);
  }

  public static DeviceResponse unreachable(String detail) {
    return new DeviceResponse(Outcome.UNREACHABLE, null, null, detail);
  }

  public static DeviceResponse error(String detail) {
    return new DeviceResponse(Outcome.ERROR, null, null, detail);
  }

  public boolean isSuccess() {
    return outcome == Outcome.SUCCESS;
  }
}
