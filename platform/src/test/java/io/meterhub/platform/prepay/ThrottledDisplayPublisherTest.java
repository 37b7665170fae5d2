package io.meterhub.platform.prepay;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.PrepaymentDisplay;
import io.meterhub.platform.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThrottledDisplayPublisherTest {

  private static final String METER = "urn:imei:1";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));
  private final List<PrepaymentDisplay> sent = new CopyOnWriteArrayList<>();
  // the flusher's own period is long: the test calls flush() itself after moving the clock
  private final ThrottledDisplayPublisher publisher = new ThrottledDisplayPublisher(
      (meter, display) -> sent.add(display), Duration.ofMinutes(5), Duration.ofHours(1), clock);

  @AfterEach
  void close() {
    publisher.close();
  }

  private static PrepaymentDisplay normal(long balance) {
    return new PrepaymentDisplay(balance, "CNY", PrepaymentDisplay.STATE_NORMAL, true, false);
  }

  @Test
  void chargesWithinTheIntervalAreHeldBackAndTheNewestIsSentWhenItHasPassed() {
    publisher.publish(METER, normal(1000));
    publisher.publish(METER, normal(990));
    publisher.publish(METER, normal(980));
    assertThat(sent).containsExactly(normal(1000));

    clock.advance(Duration.ofMinutes(4));
    publisher.flush();
    assertThat(sent).containsExactly(normal(1000));

    clock.advance(Duration.ofMinutes(1));
    publisher.flush();
    publisher.flush();
    assertThat(sent).containsExactly(normal(1000), normal(980));
  }

  @Test
  void topUpsAndCreditStateChangesGoOutAtOnce() {
    publisher.publish(METER, normal(1000));
    publisher.publish(METER, normal(900));
    publisher.publish(METER, normal(1500)); // a top-up replaces the held-back charge
    PrepaymentDisplay low = new PrepaymentDisplay(40, "CNY", PrepaymentDisplay.STATE_LOW, true, true);
    publisher.publish(METER, low);
    assertThat(sent).containsExactly(normal(1000), normal(1500), low);

    clock.advance(Duration.ofHours(1));
    publisher.flush();
    assertThat(sent).as("nothing was held back any more").hasSize(3);
  }

  @Test
  void aChargeAfterTheIntervalIsSentAtOnceAndMetersAreThrottledApart() {
    publisher.publish(METER, normal(1000));
    publisher.publish("urn:imei:2", normal(50_000));
    clock.advance(Duration.ofMinutes(6));
    publisher.publish(METER, normal(700));
    assertThat(sent).containsExactly(normal(1000), normal(50_000), normal(700));
  }

  @Test
  void zeroIntervalSendsEveryCharge() {
    try (ThrottledDisplayPublisher everyCharge = new ThrottledDisplayPublisher(
        (meter, display) -> sent.add(display), Duration.ZERO, Duration.ofHours(1), clock)) {
      everyCharge.publish(METER, normal(1000));
      everyCharge.publish(METER, normal(990));
      assertThat(sent).containsExactly(normal(1000), normal(990));
    }
  }
}
