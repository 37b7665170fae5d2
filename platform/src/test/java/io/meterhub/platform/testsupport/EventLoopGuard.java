package io.meterhub.platform.testsupport;

import io.vertx.core.Context;

/** Makes blocking test stores fail loudly when called on a Vert.x event loop, as real JDBC would hurt there. */
public final class EventLoopGuard {

  private EventLoopGuard() {}

  public static void check() {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("blocking store called on an event loop: " + Thread.currentThread().getName());
    }
  }
}
