package io.meterhub.platform.store;

/** A page cursor that no page of this store produced: the caller's input is wrong, not the database. */
public class InvalidCursorException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidCursorException(Throwable cause) {
    super("malformed cursor", cause);
  }
}
