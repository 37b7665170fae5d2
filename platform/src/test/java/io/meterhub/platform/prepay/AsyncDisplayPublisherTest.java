package io.meterhub.platform.prepay;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.PrepaymentDisplay;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncDisplayPublisherTest {

  private static PrepaymentDisplay balance(long minor) {
    return new PrepaymentDisplay(minor, "CNY", PrepaymentDisplay.STATE_NORMAL, true, false);
  }

  private record Published(String meterId, PrepaymentDisplay display) {}

  @Test
  void returnsBeforeTheTargetIsDoneAndSendsOnlyTheNewestOfWhatWaited() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Published> published = new CopyOnWriteArrayList<>();
    DisplayPublisher slowTarget = (meter, display) -> {
      firstStarted.countDown();
      await(release);
      published.add(new Published(meter, display));
    };
    try (AsyncDisplayPublisher publisher = new AsyncDisplayPublisher(slowTarget, 1)) {
      publisher.publish("m1", balance(100));
      assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
      // the lane is blocked in the target: these wait, and the meter's newest replaces its older one
      publisher.publish("m1", balance(200));
      publisher.publish("m2", balance(7));
      publisher.publish("m1", balance(300));
      assertThat(published).isEmpty();
      assertThat(publisher.waiting()).isEqualTo(2);

      release.countDown();
    } // close sends what waits
    assertThat(published).containsExactly(
        new Published("m1", balance(100)), new Published("m1", balance(300)), new Published("m2", balance(7)));
  }

  @Test
  void aMetersDisplaysArriveInOrderAcrossLanes() throws Exception {
    List<Published> published = new CopyOnWriteArrayList<>();
    try (AsyncDisplayPublisher publisher =
        new AsyncDisplayPublisher((meter, display) -> published.add(new Published(meter, display)), 4)) {
      for (int i = 1; i <= 2_000; i++) {
        publisher.publish("m" + (i % 20), balance(i));
      }
    }
    for (int m = 0; m < 20; m++) {
      String meter = "m" + m;
      List<Long> seen = published.stream().filter(p -> p.meterId().equals(meter))
          .map(p -> p.display().balanceMinor()).toList();
      assertThat(seen).as(meter).isSorted();
      assertThat(seen.get(seen.size() - 1)).as("%s ends on its newest display", meter)
          .isEqualTo(m == 0 ? 2_000L : 1_980L + m);
    }
  }

  @Test
  void aFailingPublishIsLoggedAndTheNextOneStillGoesOut() throws Exception {
    List<PrepaymentDisplay> published = new CopyOnWriteArrayList<>();
    try (AsyncDisplayPublisher publisher = new AsyncDisplayPublisher((meter, display) -> {
      if (display.balanceMinor() == 1) {
        throw new IllegalStateException("database down");
      }
      published.add(display);
    }, 1)) {
      publisher.publish("m1", balance(1));
      awaitWaiting(publisher);
      publisher.publish("m1", balance(2));
    }
    assertThat(published).containsExactly(balance(2));
  }

  private static void awaitWaiting(AsyncDisplayPublisher publisher) throws InterruptedException {
    for (int i = 0; i < 1_000 && publisher.waiting() > 0; i++) {
      Thread.sleep(5);
    }
    assertThat(publisher.waiting()).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
