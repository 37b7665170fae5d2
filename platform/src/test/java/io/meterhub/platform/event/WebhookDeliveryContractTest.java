package io.meterhub.platform.event;

import static io.meterhub.platform.event.EventTestSupport.T0;
import static io.meterhub.platform.event.EventTestSupport.addMeter;
import static io.meterhub.platform.event.EventTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterEventRecord;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.testsupport.GatedDurability;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook delivery against a real local HTTP receiver that checks signatures; delivery log in a real database. */
abstract class WebhookDeliveryContractTest extends DbContractBase {

  private static final String SECRET = "s3cret-for-webhook-tests";

  private JdbcMeterStore meters;
  private JdbcEventStore events;
  private WebhookDispatcher dispatcher;
  private WebhookService webhooks;
  private EventIngestor ingestor;
  private Node defaultNode;
  /** The database's durability with a gate a test may hold, as a crash-safe H2 file's flush could be slow. */
  private GatedDurability durability;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** The webhook side of one platform node: its dispatcher, service and ingestion worker. */
  private record Node(WebhookDispatcher dispatcher, WebhookService webhooks, EventIngestor ingestor)
      implements AutoCloseable {
    @Override
    public void close() {
      ingestor.close();
      dispatcher.close();
    }
  }

  private Node startNode(EventConfig config) {
    Clock clock = Clock.systemUTC();
    JdbcWebhookStore hookStore = new JdbcWebhookStore(db);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WebhookDispatcher d = new WebhookDispatcher(hookStore, durability, config, clock, registry);
    WebhookService w = new WebhookService(hookStore, d, new ChainedAuditLog(db, clock), clock);
    RegionLookup regions = new CachedRegions(meters, Duration.ofSeconds(60), clock);
    AlarmEngine engine = new AlarmEngine(new JdbcAlarmStore(db), new JdbcOutageStore(db),
        new RecordingTamperResponse(), regions, d, config, clock);
    Node node = new Node(d, w, new EventIngestor(events, engine, regions, d, config, registry));
    toClose.add(node);
    return node;
  }

  @BeforeEach
  void build() {
    EventTestSupport.truncateEventTables(db);
    durability = new GatedDurability(db.durability());
    meters = new JdbcMeterStore(db);
    events = new JdbcEventStore(db);
    EventConfig config = EventConfig.defaults()
        .withWebhookRetries(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(2))
        .withWebhookQueue(Duration.ofMillis(50), Duration.ofSeconds(30));
    defaultNode = startNode(config);
    dispatcher = defaultNode.dispatcher();
    webhooks = defaultNode.webhooks();
    ingestor = defaultNode.ingestor();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private WebhookReceiver receiver(WebhookReceiver.Mode mode) throws Exception {
    WebhookReceiver r = new WebhookReceiver(SECRET, mode);
    toClose.add(0, r);
    return r;
  }

  private void ingest(String meterId, MeterEventRecord... records) throws InterruptedException {
    ingestor.accept(meterId, List.of(records), T0);
    assertThat(ingestor.awaitIdle(Duration.ofSeconds(60))).isTrue();
  }

  @Test
  void receiverVerifiesTheSignatureOfEventsAndAlarmChanges() throws Exception {
    WebhookReceiver receiver = receiver(WebhookReceiver.Mode.OK);
    Webhook hook = webhooks.create("admin", receiver.url(), List.of("meter_cover_opened", "alarm"), SECRET);
    addMeter(meters, "m1", "north/feeder-07/tx-1");

    ingest("m1", record(EventCode.METER_COVER_OPENED, 1, T0), record(EventCode.RELAY_CLOSED, 2, T0));

    waitFor(() -> receiver.verified.size() == 2);
    assertThat(receiver.badSignatures).hasValue(0);
    assertThat(receiver.verified).extracting(j -> j.getString("kind")).containsExactlyInAnyOrder("event", "alarm");
    JsonObject event = receiver.verified.stream().filter(j -> j.getString("kind").equals("event")).findFirst()
        .orElseThrow();
    assertThat(event.getJsonObject("data").getString("type")).isEqualTo("meter_cover_opened");
    assertThat(event.getJsonObject("data").getString("meterId")).isEqualTo("m1");
    assertThat(event.getString("deliveryId")).isNotBlank();
    waitFor(() -> webhooks.deliveries(hook.id(), 50, null).orElseThrow().items().stream()
        .filter(d -> d.status().equals(WebhookDelivery.DELIVERED)).count() == 2);
  }

  @Test
  void aDeliveryWaitsUntilTheDatabaseConfirmsItsEventIsStored() throws Exception {
    WebhookReceiver receiver = receiver(WebhookReceiver.Mode.OK);
    Webhook hook = webhooks.create("admin", receiver.url(), List.of("meter_cover_opened"), SECRET);
    addMeter(meters, "m1", "north/feeder-07/tx-1");
    durability.hold();

    ingest("m1", record(EventCode.METER_COVER_OPENED, 1, T0));

    // Logged (so it is not lost), but held back until the flush: nothing reached the receiver
    waitFor(() -> durability.waiting() == 1);
    assertThat(deliveries(hook)).singleElement().satisfies(d -> assertThat(d.attempts()).isZero());
    assertThat(receiver.requests).hasValue(0);

    durability.release();
    waitFor(() -> receiver.verified.size() == 1);
    waitFor(() -> deliveries(hook).get(0).status().equals(WebhookDelivery.DELIVERED));
  }

  @Test
  void aDeliveryWhoseFlushFailedIsSentOnceItsClaimLapses() throws Exception {
    defaultNode.close();
    Node node = startNode(EventConfig.defaults()
        .withWebhookRetries(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(200))
        .withWebhookQueue(Duration.ofMillis(50), Duration.ofSeconds(1)));
    WebhookReceiver receiver = receiver(WebhookReceiver.Mode.OK);
    Webhook hook = node.webhooks().create("admin", receiver.url(), List.of("overload"), SECRET);
    addMeter(meters, "m1", "north/feeder-07/tx-1");
    durability.hold();
    node.ingestor().accept("m1", List.of(record(EventCode.OVERLOAD, 1, T0)), T0);
    waitFor(() -> durability.waiting() == 1);

    durability.fail();

    waitFor(() -> deliveries(hook).get(0).status().equals(WebhookDelivery.DELIVERED));
    assertThat(receiver.verified).singleElement()
        .satisfies(j -> assertThat(j.getString("deliveryId")).isEqualTo(Long.toString(deliveries(hook).get(0).id())));
    assertThat(deliveries(hook).get(0).attempts()).isEqualTo(1);
  }

  @Test
  void wrongSecretIsRejectedByTheReceiver() throws Exception {
    WebhookReceiver receiver = receiver(WebhookReceiver.Mode.OK);
    Webhook hook = webhooks.create("admin", receiver.url(), List.of("*"), "another-secret-of-16+");
    addMeter(meters, "m1", "north/feeder-07/tx-1");

    ingest("m1", record(EventCode.RELAY_CLOSED, 1, T0));

    waitFor(() -> webhooks.deliveries(hook.id(), 50, null).orElseThrow().items().stream()
        .anyMatch(d -> d.status().equals(WebhookDelivery.DEAD)));
    assertThat(receiver.verified).isEmpty();
    assertThat(receiver.badSignatures).hasValue(3);
  }

  @Test
  void failingReceiverIsRetriedThenDeadLettered() throws Exception {
    WebhookReceiver receiver = receiver(WebhookReceiver.Mode.FAIL);
    Webhook hook = webhooks.create("admin", receiver.url(), List.of("overload"), SECRET);
    addMeter(meters, "m1", "north/feeder-07/tx-1");

    ingest("m1", record(EventCode.OVERLOAD, 1, T0));

    waitFor(() -> webhooks.deliveries(hook.id(), 50, null).orElseThrow().items().stream()
        .anyMatch(d -> d.status().equals(WebhookDelivery.DEAD)));
    WebhookDelivery dead = webhooks.deliveries(hook.id(), 50, null).orElseThrow().items().get(0);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.responseCode()).isEqualTo(500);
    assertThat(dead.lastError()).isEqualTo("HTTP 500");
    assertThat(receiver.requests).hasValue(3);
    assertThat(receiver.badSignatures).hasValue(0);
    assertThat(ingestor.processed()).isEqualTo(1);
  }

  @Test
  void retryWaitDoublesPerFailedAttemptUpToTheMaximum() {
    // initial 50 ms, maximum 200 ms (build())
    assertThat(List.of(1, 2, 3, 4, 10, 40)).extracting(dispatcher::backoff).containsExactly(Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200),
        Duration.ofMillis(200));
    WebhookDispatcher slow = new WebhookDispatcher(new JdbcWebhookStore(db), db.durability(), EventConfig.defaults()
        .withWebhookRetries(8, Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofSeconds(2)),
        Clock.systemUTC(), new SimpleMeterRegistry());
    try {
      assertThat(List.of(1, 2, 3, 4, 5)).extracting(slow::backoff).containsExactly(Duration.ofSeconds(1),
          Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16));
    } finally {
      slow.close();
    }
  }

  @Test
  void hangingReceiverDoesNotHoldUpIngestion() throws Exception {
    WebhookReceiver receiver = receiver(WebhookReceiver.Mode.HANG);
    webhooks.create("admin", receiver.url(), List.of("*"), SECRET);
    for (int m = 0; m < 10; m++) {
      addMeter(meters, "h" + m, "west/feeder-01/tx-" + m);
    }

    for (int i = 0; i < 100; i++) {
      for (int m = 0; m < 10; m++) {
        ingestor.accept("h" + m, List.of(record(EventCode.RELAY_CLOSED, i, T0)), T0);
      }
    }

    assertThat(ingestor.awaitIdle(Duration.ofSeconds(120))).isTrue();
    assertThat(events.count()).isEqualTo(1000);
    assertThat(ingestor.processed()).isEqualTo(1000);
    waitFor(() -> receiver.requests.get() > 0);
    assertThat(dispatcher.backlog()).isGreaterThan(0);
  }

  @Test
  void onlyHttpUrlsKnownTypesAndLongSecretsAreAccepted() {
    assertThatThrownBy(() -> webhooks.create("admin", "ftp://example.org/x", List.of("*"), SECRET))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> webhooks.create("admin", "file:///etc/passwd", List.of("*"), SECRET))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> webhooks.create("admin", "http://u:p@example.org/x", List.of("*"), SECRET))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> webhooks.create("admin", "https://example.org/x", List.of("no_such"), SECRET))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> webhooks.create("admin", "https://example.org/x", List.of("*"), "short"))
        .isInstanceOf(ValidationException.class);
    assertThat(webhooks.list()).isEmpty();
    Webhook ok = webhooks.create("admin", "https://example.org/x", List.of("power_failure", "outage"), SECRET);
    assertThat(webhooks.list()).extracting(Webhook::id).containsExactly(ok.id());
    assertThat(ok.toString()).doesNotContain(SECRET);
    assertThat(webhooks.delete("admin", ok.id())).isTrue();
    assertThat(webhooks.delete("admin", ok.id())).isFalse();
    assertThat(Set.copyOf(webhooks.list())).isEmpty();
  }

  @Test
  void deliveryRetryingWhenItsNodeStopsIsCompletedByTheNextNodeOnTheSameDatabase() throws Exception {
    defaultNode.close();
    EventConfig slowRetries = EventConfig.defaults()
        .withWebhookRetries(5, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2))
        .withWebhookQueue(Duration.ofMillis(50), Duration.ofSeconds(30));
    WebhookReceiver receiver = receiver(WebhookReceiver.Mode.FAIL);
    Node first = startNode(slowRetries);
    Webhook hook = first.webhooks().create("admin", receiver.url(), List.of("overload"), SECRET);
    addMeter(meters, "m1", "north/feeder-07/tx-1");
    first.ingestor().accept("m1", List.of(record(EventCode.OVERLOAD, 1, T0)), T0);
    waitFor(() -> deliveries(hook).stream().anyMatch(d -> d.status().equals(WebhookDelivery.RETRYING)));

    first.close();
    assertThat(receiver.requests).hasValue(1);
    receiver.mode(WebhookReceiver.Mode.OK);
    Node second = startNode(slowRetries);

    waitFor(() -> deliveries(hook).get(0).status().equals(WebhookDelivery.DELIVERED));
    waitFor(() -> second.dispatcher().backlog() == 0);
    WebhookDelivery delivered = deliveries(hook).get(0);
    assertThat(deliveries(hook)).hasSize(1);
    assertThat(delivered.attempts()).isEqualTo(2);
    assertThat(delivered.responseCode()).isEqualTo(204);
    assertThat(receiver.badSignatures).hasValue(0);
    assertThat(receiver.verified).hasSize(1);
    assertThat(receiver.verified.get(0).getString("deliveryId")).isEqualTo(Long.toString(delivered.id()));
    assertThat(receiver.verified.get(0).getJsonObject("data").getString("type")).isEqualTo("overload");
    assertThat(second.dispatcher().attempted()).isEqualTo(1);
  }

  @Test
  void twoNodesSharingTheLogNeverMakeTheSameAttemptTwice() throws Exception {
    defaultNode.close();
    EventConfig config = new EventConfig(100_000, 4, 500, Duration.ofMinutes(5), 10, Duration.ofMinutes(2), 0.9,
        Set.of(), 230.0, 0.10, 50, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(2), 2,
        Duration.ofMillis(20), Duration.ofSeconds(30));
    WebhookReceiver receiver = receiver(WebhookReceiver.Mode.FAIL);
    Node a = startNode(config);
    Node b = startNode(config);
    Webhook hook = a.webhooks().create("admin", receiver.url(), List.of("overload"), SECRET);
    addMeter(meters, "m1", "north/feeder-07/tx-1");
    int count = 40;
    for (int i = 1; i <= count; i++) {
      a.ingestor().accept("m1", List.of(record(EventCode.OVERLOAD, i, T0)), T0);
    }
    waitFor(() -> deliveries(hook).size() == count
        && deliveries(hook).stream().allMatch(d -> d.attempts() >= 2));
    receiver.mode(WebhookReceiver.Mode.OK);

    waitFor(() -> deliveries(hook).stream().allMatch(d -> d.status().equals(WebhookDelivery.DELIVERED)));
    waitFor(() -> a.dispatcher().backlog() == 0 && b.dispatcher().backlog() == 0);
    assertThat(receiver.verified).hasSize(count);
    assertThat(receiver.verified).extracting(j -> j.getString("deliveryId")).doesNotHaveDuplicates();
    int recordedAttempts = deliveries(hook).stream().mapToInt(WebhookDelivery::attempts).sum();
    assertThat(receiver.requests).hasValue(recordedAttempts);
    assertThat(a.dispatcher().attempted() + b.dispatcher().attempted()).isEqualTo(recordedAttempts);
    assertThat(a.dispatcher().attempted()).isPositive();
    assertThat(b.dispatcher().attempted()).isPositive();
    assertThat(receiver.badSignatures).hasValue(0);
  }

  private List<WebhookDelivery> deliveries(Webhook hook) {
    return webhooks.deliveries(hook.id(), 100, null).orElseThrow().items();
  }

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
