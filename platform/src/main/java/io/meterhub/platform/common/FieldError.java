package io.meterhub.platform.common;

import java.util.Objects;

/**
 * One invalid input field.
 *
 * @param field JSON path of the field, e.g. {@code security.key}
 * @param message what is wrong with it (never echoes secret values)
 */
public record FieldError(String field, String message) {

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }
}
