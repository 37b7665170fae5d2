package io.meterhub.platform.common;

import java.util.ArrayList;
import java.util.List;

/** Collects field errors while validating, then throws them all at once. */
public final class FieldErrors {

  private final List<FieldError> errors = new ArrayList<>();

  public void add(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  public int size() {
    return errors.size();
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /** Throws a {@link ValidationException} with every collected error, if there is any. */
  public void throwIfAny() {
    if (!errors.isEmpty()) {
      throw new ValidationException("Invalid request", errors);
    }
  }
}
