package io.meterhub.platform.command;

/** An idempotency key came back with a request other than the one that first used it. */
public final class IdempotencyKeyReusedException extends RuntimeException {

  public IdempotencyKeyReusedException() {
    super("Idempotency-Key was already used for another request", null, false, false);
  }
}
