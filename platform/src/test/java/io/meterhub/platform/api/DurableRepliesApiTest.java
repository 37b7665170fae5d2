package io.meterhub.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.testsupport.ApiFixture;
import io.meterhub.platform.testsupport.ApiFixture.Response;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A reply goes out only once the node's database says what was committed before it survives a crash. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DurableRepliesApiTest {

  static ApiFixture fx;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    fx = new ApiFixture();
    admin = fx.adminToken();
  }

  @AfterEach
  void open() {
    fx.durability.release();
  }

  @AfterAll
  static void stop() throws Exception {
    fx.close();
  }

  @Test
  void aCreatedMeterIsAcknowledgedOnlyAfterTheFlush() throws Exception {
    CompletableFuture<Response> created = createWhileHeld("durable-1");

    // Committed, and so visible to the database, but not acknowledged while the flush is held
    assertThat(fx.meters.find("urn:imei:durable-1")).isPresent();
    assertThat(created).isNotDone();

    fx.durability.release();
    assertThat(created.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
  }

  @Test
  void aReadWaitsForTheFlushToo() throws Exception {
    assertThat(fx.send("POST", "/api/v1/meters", admin, MeterApiTest.meter("urn:imei:durable-2", "north", "durable-2"))
        .status()).isEqualTo(201);
    fx.durability.hold();
    CompletableFuture<Response> read =
        CompletableFuture.supplyAsync(() -> fx.get(MeterApiTest.path("urn:imei:durable-2"), admin));

    awaitWaiting(1);
    assertThat(read).isNotDone();

    fx.durability.release();
    assertThat(read.get(30, TimeUnit.SECONDS).json().getString("id")).isEqualTo("urn:imei:durable-2");
  }

  @Test
  void aFailedFlushAnswers503AndTheRetryFindsTheChange() throws Exception {
    CompletableFuture<Response> created = createWhileHeld("durable-3");

    fx.durability.fail();
    Response failed = created.get(30, TimeUnit.SECONDS);
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.header("Content-Type")).contains("application/problem+json");
    assertThat(failed.json().getString("detail")).contains("could not confirm");

    // The change itself was committed: the client's retry learns of it instead of creating it twice
    Response retry = fx.send("POST", "/api/v1/meters", admin, MeterApiTest.meter("urn:imei:durable-3", "north",
        "durable-3"));
    assertThat(retry.status()).isEqualTo(409);
  }

  @Test
  void errorsDoNotWaitForTheFlush() {
    fx.durability.hold();
    Response invalid = fx.send("POST", "/api/v1/meters", admin, new JsonObject().put("id", "x"));

    assertThat(invalid.status()).isEqualTo(400);
    assertThat(fx.durability.waiting()).isZero();
  }

  /** Holds the flush, then creates meter urn:imei:{@code name}; returns once its reply waits at the gate. */
  private static CompletableFuture<Response> createWhileHeld(String name) throws InterruptedException {
    fx.durability.hold();
    CompletableFuture<Response> created = CompletableFuture.supplyAsync(
        () -> fx.send("POST", "/api/v1/meters", admin, MeterApiTest.meter("urn:imei:" + name, "north", name)));
    awaitWaiting(1);
    return created;
  }

  private static void awaitWaiting(int replies) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (fx.durability.waiting() < replies) {
      assertThat(System.nanoTime()).as("replies waiting for the flush").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
