package io.meterhub.platform.store;

/**
 * A write would break a uniqueness rule in a place where the store interface has no boolean result for it, e.g.
 * updating a meter to a PSK identity another meter already uses.
 */
public class DuplicateKeyException extends StoreException {

  private static final long serialVersionUID = 1L;

  public DuplicateKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
