package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.security.RateLimits;
import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.meterhub.platform.testsupport.MutableClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-client limits on the token endpoint, top-ups and relay commands. The clock stands still, so a bucket refills
 * only when the test moves it. The API runs without prepayment and command pipeline: the limit is checked after
 * authentication and before the handler, so requests within the limit reach the handler (503 there).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RateLimitApiTest {

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  static ApiFixture fx;
  static String admin;
  static String payments;
  static String payments2;

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture(ApiConfig.defaults().withHostPort("127.0.0.1", 0)
        .withAdminPassword(Optional.of(ApiFixture.ADMIN_PASSWORD))
        .withLimits(new RateLimits(8, 3, 2, Duration.ofHours(1))), null, CLOCK);
    admin = fx.adminToken();
    payments = fx.userWithRole("pay.one", "payments");
    payments2 = fx.userWithRole("pay.two", "payments");
    // 5 of the 8 token requests of this minute are used: admin (twice: userWithRole logs in as admin) and the users.
    CLOCK.advance(Duration.ofMinutes(1));
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  private static void assertLimited(Response r, long maxRetryAfter) {
    assertThat(r.status()).as("%s", r).isEqualTo(429);
    assertThat(r.header("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(r.json().getInteger("status")).isEqualTo(429);
    assertThat(r.header("Retry-After")).hasValueSatisfying(
        v -> assertThat(Long.parseLong(v)).isBetween(1L, maxRetryAfter));
  }

  /** Calls until the first refusal; returns how many got through. */
  private static int callsUntilLimited(Supplier<Response> call, long maxRetryAfter) {
    for (int i = 0; i < 50; i++) {
      Response r = call.get();
      if (r.status() == 429) {
        assertLimited(r, maxRetryAfter);
        return i;
      }
    }
    throw new AssertionError("never limited");
  }

  @Test
  void tokenRequestsArePerRemoteAddressAndRefillOverTheMinute() {
    Supplier<Response> wrong = () -> fx.send("POST", "/api/v1/auth/token", null,
        new JsonObject().put("username", "nobody-" + System.nanoTime()).put("password", "wrong password"));
    CLOCK.advance(Duration.ofMinutes(1));

    assertThat(callsUntilLimited(wrong, 60)).isEqualTo(8);
    Response correct = fx.send("POST", "/api/v1/auth/token", null,
        new JsonObject().put("username", "admin").put("password", ApiFixture.ADMIN_PASSWORD));
    assertLimited(correct, 60);

    CLOCK.advance(Duration.ofSeconds(8));
    assertThat(fx.send("POST", "/api/v1/auth/token", null,
        new JsonObject().put("username", "admin").put("password", ApiFixture.ADMIN_PASSWORD)).status()).isEqualTo(200);
    CLOCK.advance(Duration.ofMinutes(1));
  }

  @Test
  void topUpsArePerUser() {
    Supplier<Response> topUp = () -> fx.call("POST", "/api/v1/accounts/acc-1/topups", payments,
        Map.of("Idempotency-Key", "k-" + System.nanoTime()), "application/json",
        new JsonObject().put("amount", 100).put("currency", "CNY").put("reference", "r").encode());
    CLOCK.advance(Duration.ofSeconds(1));

    assertThat(callsUntilLimited(topUp, 1)).isEqualTo(3);
    assertThat(fx.call("POST", "/api/v1/accounts/acc-1/topups", payments2, Map.of("Idempotency-Key", "other"),
        "application/json", "{\"amount\":1,\"currency\":\"CNY\",\"reference\":\"r\"}").status()).isNotEqualTo(429);

    CLOCK.advance(Duration.ofMillis(400));
    assertThat(topUp.get().status()).isNotEqualTo(429);
    assertLimited(topUp.get(), 1);
  }

  @Test
  void relayCommandsAndBatchesShareOneBudgetPerUser() {
    String operator = fx.userWithRole("op.relay", "operator");
    CLOCK.advance(Duration.ofMinutes(1));
    Supplier<Response> relay = () -> fx.send("POST", "/api/v1/meters/m-1/relay", operator,
        new JsonObject().put("state", "open").put("reason", "test"));

    assertThat(callsUntilLimited(relay, 1)).isEqualTo(2);
    assertLimited(fx.send("POST", "/api/v1/relay-batches", operator,
        new JsonObject().put("state", "open").put("reason", "t").put("meterIds", new JsonArray().add("m-1"))), 1);
    assertThat(relay.get().status()).isEqualTo(429);
    assertThat(fx.send("POST", "/api/v1/meters/m-1/relay", admin,
        new JsonObject().put("state", "open").put("reason", "test")).status()).isNotEqualTo(429);

    CLOCK.advance(Duration.ofSeconds(1));
    assertThat(relay.get().status()).isNotEqualTo(429);
  }
}
