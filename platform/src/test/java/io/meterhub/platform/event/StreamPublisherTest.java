package io.meterhub.platform.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.meterhub.platform.testsupport.GatedDurability;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The live stream shows a change only once the database (an H2 file's group commit) says it survives a crash. */
@Timeout(60)
class StreamPublisherTest {

  private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

  private TestDatabase files;
  private Database db;
  private Vertx vertx;
  private GatedDurability durability;
  private StreamPublisher publisher;
  private final BlockingQueue<JsonObject> seen = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() throws Exception {
    files = TestDatabase.h2();
    db = files.open();
    durability = new GatedDurability(db.durability());
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>localConsumer(StreamPublisher.ADDRESS, m -> seen.add(m.body())).completion()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    publisher = new StreamPublisher(vertx, durability);
  }

  @AfterEach
  void stop() throws Exception {
    publisher.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    db.close();
    files.close();
  }

  @Test
  void messagesWaitForTheFlushAndKeepTheirOrder() throws Exception {
    durability.hold();
    publisher.meterStatusChanged("m1", "online", AT);
    awaitWaiting();
    // Published while the first waits: they join the next batch, which asks for one more flush, not two
    publisher.meterStatusChanged("m2", "online", AT);
    publisher.meterStatusChanged("m1", "offline", AT.plusSeconds(1));
    assertThat(durability.waiting()).isEqualTo(1);
    assertThat(seen).isEmpty();

    durability.release();

    assertThat(List.of(next(), next(), next())).extracting(m -> m.getJsonObject("data").getString("meterId")
        + " " + m.getString("change")).containsExactly("m1 online", "m2 online", "m1 offline");
  }

  @Test
  void aFailedFlushDropsItsBatchAndLaterMessagesFlow() throws Exception {
    durability.hold();
    publisher.meterStatusChanged("m1", "online", AT);
    awaitWaiting();

    durability.fail();
    publisher.meterStatusChanged("m2", "online", AT);

    assertThat(next().getJsonObject("data").getString("meterId")).isEqualTo("m2");
    assertThat(seen.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }

  private JsonObject next() throws InterruptedException {
    JsonObject message = seen.poll(30, TimeUnit.SECONDS);
    assertThat(message).as("a message on the stream").isNotNull();
    return message;
  }

  private void awaitWaiting() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (durability.waiting() < 1) {
      assertThat(System.nanoTime()).as("a flush requested").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
