package io.meterhub.platform.testsupport;

import io.vertx.core.Context;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Objects;

/**
 * Wraps a blocking store (JDBC, Hazelcast) so that any call made on a Vert.x event-loop thread fails loudly: the API
 * must hand such calls to a worker, and a test that slips one onto an event loop must not pass.
 */
public final class EventLoopGuard {

  private EventLoopGuard() {}

  /** {@code target} seen through {@code type}, refusing every call of {@code type}'s methods on an event loop. */
  public static <T> T guard(Class<T> type, T target) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    if (!type.isInterface()) {
      throw new IllegalArgumentException(type + " is not an interface");
    }
    InvocationHandler handler = (proxy, method, args) -> invoke(type, target, method, args);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Class<?> type, Object target, Method method, Object[] args) throws Throwable {
    // equals/hashCode/toString are not store calls (e.g. a logger printing the store).
    if (method.getDeclaringClass() != Object.class && Context.isOnEventLoopThread()) {
      throw new IllegalStateException("blocking " + type.getSimpleName() + "." + method.getName()
          + " called on an event loop: " + Thread.currentThread().getName());
    }
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
