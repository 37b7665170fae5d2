package io.meterhub.platform.common;

import java.util.List;

/** Input that breaks a rule; carries every field error found, so a client can fix all at once. */
public final class ValidationException extends RuntimeException {

  private final transient List<FieldError> errors;

  public ValidationException(String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.errors = List.copyOf(errors);
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException("Invalid request", List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
