package io.meterhub.platform.api;

/** One check behind {@code GET /health}, e.g. a database ping. May block; a thrown exception means DOWN. */
@FunctionalInterface
public interface HealthCheck {

  /** Returns normally when healthy, throws when not. */
  void check() throws Exception;
}
