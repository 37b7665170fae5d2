package io.meterhub.platform.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DeliverySchedulerTest {

  @Test
  void oneDeliveryPerMeterAtATimeAndNoMoreMetersThanTheCap() throws Exception {
    int cap = 3;
    int meters = 20;
    int kicksPerMeter = 5;
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    Map<String, AtomicInteger> perMeter = new ConcurrentHashMap<>();
    AtomicInteger overlapping = new AtomicInteger();
    AtomicInteger deliveries = new AtomicInteger();
    ScheduledExecutorService work = Executors.newScheduledThreadPool(8);
    try (DeliveryScheduler scheduler =
        new DeliveryScheduler(
            "test",
            cap,
            meterId -> {
              CompletableFuture<Boolean> done = new CompletableFuture<>();
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              if (perMeter.computeIfAbsent(meterId, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlapping.incrementAndGet();
              }
              work.schedule(
                  () -> {
                    perMeter.get(meterId).decrementAndGet();
                    running.decrementAndGet();
                    deliveries.incrementAndGet();
                    done.complete(false);
                  },
                  5,
                  TimeUnit.MILLISECONDS);
              return done;
            })) {
      for (int k = 0; k < kicksPerMeter; k++) {
        for (int m = 0; m < meters; m++) {
          scheduler.kick("meter-" + m);
        }
      }
      CountDownLatch idle = new CountDownLatch(1);
      work.scheduleAtFixedRate(
          () -> {
            if (running.get() == 0 && deliveries.get() >= meters) {
              idle.countDown();
            }
          },
          50,
          50,
          TimeUnit.MILLISECONDS);
      assertThat(idle.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      work.shutdownNow();
    }
    assertThat(overlapping.get()).as("two deliveries to one meter at once").isZero();
    assertThat(maxRunning.get()).isLessThanOrEqualTo(cap);
    assertThat(deliveries.get())
        .as("kicks coalesce: at least one delivery per meter, at most one per kick")
        .isBetween(meters, meters * kicksPerMeter);
  }

  @Test
  void aMeterIsInHandWhileQueuedDeliveredOrWaitingForItsTimer() throws Exception {
    Map<String, CompletableFuture<Boolean>> attempts = new ConcurrentHashMap<>();
    try (DeliveryScheduler scheduler =
        new DeliveryScheduler("test", 1, meterId -> attempts.computeIfAbsent(meterId, k -> new CompletableFuture<>()))) {
      assertThat(scheduler.inHand("a")).isFalse();

      scheduler.kick("a");
      scheduler.kick("b"); // waits in the queue: the cap is one meter at a time
      awaitTrue(() -> attempts.containsKey("a") && scheduler.inHand("b"));
      assertThat(scheduler.inHand("a")).isTrue();
      assertThat(attempts).doesNotContainKey("b");

      attempts.get("a").complete(false);
      awaitTrue(() -> attempts.containsKey("b"));
      awaitTrue(() -> !scheduler.inHand("a"));

      scheduler.kickLater("a", 60_000);
      awaitTrue(() -> scheduler.inHand("a"));
      attempts.get("b").complete(false);
      awaitTrue(() -> !scheduler.inHand("b"));
      assertThat(scheduler.inHand("a")).as("still waiting for its timer").isTrue();
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void tokenBucketAllowsOneSecondsBurstThenTheRate() {
    long t = 1_000_000_000L;
    TokenBucket bucket = new TokenBucket(10, t);
    for (int i = 0; i < 10; i++) {
      assertThat(bucket.tryTake(t)).isZero();
    }
    long wait = bucket.tryTake(t);
    assertThat(wait).isPositive().isLessThanOrEqualTo(100_000_000L);
    assertThat(bucket.tryTake(t + 100_000_000L)).isZero();
    assertThat(bucket.tryTake(t + 100_000_000L)).isPositive();
  }
}
