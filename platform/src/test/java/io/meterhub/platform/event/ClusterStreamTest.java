package io.meterhub.platform.event;

import static io.meterhub.platform.event.EventTestSupport.T0;
import static io.meterhub.platform.event.EventTestSupport.addMeter;
import static io.meterhub.platform.event.EventTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.models.EventCode;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import io.meterhub.platform.testsupport.TestHazelcast;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two nodes (two Hazelcast members, two Vert.x instances, one database): the live stream is cluster-wide. */
@Timeout(120)
class ClusterStreamTest {

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private Database db;
  private JdbcMeterStore meters;
  private EventModule moduleA;
  private Vertx vertxA;
  private Vertx vertxB;

  @BeforeEach
  void start() {
    TestDatabase target = TestDatabase.h2();
    db = target.open();
    toClose.add(target);
    toClose.add(0, db);
    meters = new JdbcMeterStore(db);
    HazelcastInstance memberA = TestHazelcast.start();
    toClose.add(0, memberA::shutdown);
    HazelcastInstance memberB = TestHazelcast.join(memberA);
    toClose.add(0, memberB::shutdown);
    vertxA = Vertx.vertx();
    vertxB = Vertx.vertx();
    toClose.add(0, () -> vertxA.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    toClose.add(0, () -> vertxB.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    moduleA = module(vertxA, memberA);
    module(vertxB, memberB);
  }

  private EventModule module(Vertx vertx, HazelcastInstance member) {
    Clock clock = Clock.systemUTC();
    EventModule module = new EventModule(db, meters, new ChainedAuditLog(db, clock), vertx, member,
        new RecordingTamperResponse(), EventConfig.defaults(), clock, new SimpleMeterRegistry());
    toClose.add(0, module);
    return module;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /** What a stream subscriber of a node sees: the node's local stream address. */
  private static BlockingQueue<JsonObject> subscribe(Vertx vertx) throws Exception {
    BlockingQueue<JsonObject> seen = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>localConsumer(StreamPublisher.ADDRESS, m -> seen.add(m.body())).completion()
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    return seen;
  }

  private static JsonObject next(BlockingQueue<JsonObject> seen, String kind) throws InterruptedException {
    while (true) {
      JsonObject message = seen.poll(30, TimeUnit.SECONDS);
      assertThat(message).as("a %s message on the stream", kind).isNotNull();
      if (message.getString("kind").equals(kind)) {
        return message;
      }
    }
  }

  @Test
  void eventIngestedOnOneNodeReachesTheStreamOfTheOther() throws Exception {
    BlockingQueue<JsonObject> onA = subscribe(vertxA);
    BlockingQueue<JsonObject> onB = subscribe(vertxB);
    addMeter(meters, "m1", "north/feeder-07/tx-1");

    moduleA.sink().accept("m1", List.of(record(EventCode.METER_COVER_OPENED, 1, T0)), T0);

    JsonObject event = next(onB, "event");
    assertThat(event.getString("category")).isEqualTo("meter");
    assertThat(event.getJsonObject("data").getString("meterId")).isEqualTo("m1");
    assertThat(event.getJsonObject("data").getString("type")).isEqualTo("meter_cover_opened");
    JsonObject alarm = next(onB, "alarm");
    assertThat(alarm.getString("change")).isEqualTo("opened");
    assertThat(alarm.getJsonObject("data").getString("meterId")).isEqualTo("m1");
    // The ingesting node streams it too, once (not locally and again from the topic): the next event it streams
    // is the following one.
    assertThat(next(onA, "event").getJsonObject("data").getString("meterId")).isEqualTo("m1");
    assertThat(moduleA.ingestor().awaitIdle(Duration.ofSeconds(30))).isTrue();
    next(onA, "alarm");
    moduleA.sink().accept("m1", List.of(record(EventCode.RELAY_CLOSED, 2, T0)), T0);
    JsonObject second = next(onA, "event");
    assertThat(second.getJsonObject("data").getString("type")).isEqualTo("relay_closed");
  }
}
