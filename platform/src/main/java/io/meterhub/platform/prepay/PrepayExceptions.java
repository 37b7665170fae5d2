package io.meterhub.platform.prepay;

/** Failures of prepayment operations that callers map to distinct answers. */
public final class PrepayExceptions {

  private PrepayExceptions() {}

  /** An account, tariff or top-up that does not exist (404). */
  public static final class NotFound extends RuntimeException {
    public NotFound(String detail) {
      super(detail, null, false, false);
    }
  }

  /** An idempotency key reused with another payload (422). */
  public static final class KeyReused extends RuntimeException {
    public KeyReused(String detail) {
      super(detail, null, false, false);
    }
  }
}
