package io.meterhub.platform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventLoopGuardTest {

  static Vertx vertx;
  final AtomicInteger calls = new AtomicInteger();
  final Supplier<String> store = EventLoopGuard.guard(Supplier.class, () -> "row-" + calls.incrementAndGet());

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void callOnAnEventLoopFailsAndNeverReachesTheStore() {
    Promise<String> onEventLoop = Promise.promise();
    vertx.runOnContext(v -> {
      try {
        onEventLoop.complete(store.get());
      } catch (RuntimeException e) {
        onEventLoop.fail(e);
      }
    });

    assertThatThrownBy(() -> await(onEventLoop.future())).hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Supplier.get called on an event loop");
    assertThat(calls).hasValue(0);
  }

  @Test
  void callOnAWorkerOrTestThreadReachesTheStore() throws Exception {
    assertThat(await(vertx.executeBlocking(store::get, false))).isEqualTo("row-1");
    assertThat(store.get()).isEqualTo("row-2");
  }

  @Test
  void exceptionsOfTheStoreComeThroughUnwrapped() {
    Supplier<String> failing = EventLoopGuard.guard(Supplier.class, () -> {
      throw new IllegalArgumentException("malformed cursor");
    });

    assertThatThrownBy(failing::get).isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("malformed cursor");
  }
}
