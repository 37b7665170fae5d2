package io.meterhub.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.common.RateLimitedException;
import io.meterhub.platform.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(1), Duration.ofMinutes(10), clock);

  private long lockOutAndMeasure(String name) {
    for (int i = 0; i < 3; i++) {
      throttle.check(name);
      throttle.failure(name);
    }
    try {
      throttle.check(name);
      throw new AssertionError("not locked out after 3 failures");
    } catch (RateLimitedException e) {
      return e.retryAfterSeconds();
    }
  }

  @Test
  void eachRepeatedLockoutDoublesUpToTheMaximum() {
    long[] lockouts = new long[6];
    for (int i = 0; i < lockouts.length; i++) {
      lockouts[i] = lockOutAndMeasure("Tom");
      clock.advance(Duration.ofSeconds(lockouts[i] - 1));
      assertThatThrownBy(() -> throttle.check("tom")).isInstanceOf(RateLimitedException.class);
      clock.advance(Duration.ofSeconds(1));
      throttle.check("tom");
    }

    assertThat(lockouts).containsExactly(60, 120, 240, 480, 600, 600);
  }

  @Test
  void failuresSpreadOverWindowsDoNotLockAndASuccessForgetsTheHistory() {
    throttle.failure("ann");
    throttle.failure("ann");
    clock.advance(Duration.ofMinutes(2));
    throttle.failure("ann");
    throttle.check("ann");

    assertThat(lockOutAndMeasure("bob")).isEqualTo(60);
    clock.advance(Duration.ofMinutes(1));
    throttle.success("bob");
    assertThat(lockOutAndMeasure("bob")).isEqualTo(60);
    throttle.check("ann");
  }

  @Test
  void aQuietSpellLongerThanTheMaximumLockoutStartsAgainAtOneWindow() {
    assertThat(lockOutAndMeasure("cy")).isEqualTo(60);
    clock.advance(Duration.ofMinutes(1));
    assertThat(lockOutAndMeasure("cy")).isEqualTo(120);
    clock.advance(Duration.ofMinutes(2).plusMinutes(10));
    assertThat(lockOutAndMeasure("cy")).isEqualTo(60);
  }
}
