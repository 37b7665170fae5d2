package io.meterhub.platform.store;

/** A database operation failed (connection lost, constraint broken, bad SQL): unchecked wrapper of SQLException. */
public class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }

  /** True when a unique constraint refused the write (a duplicate id, key or identity). */
  public boolean isUniqueViolation() {
    return getCause() instanceof java.sql.SQLException sql && Jdbc.isUniqueViolation(sql);
  }
}
