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
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void build() {
    EventTestSupport.truncateEventTables(db);
    Clock clock = Clock.systemUTC();
    EventConfig config = EventConfig.defaults()
        .withWebhookRetries(3, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(2));
    meters = new JdbcMeterStore(db);
    events = new JdbcEventStore(db);
    JdbcWebhookStore hookStore = new JdbcWebhookStore(db);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    dispatcher = new WebhookDispatcher(hookStore, config, clock, registry);
    webhooks = new WebhookService(hookStore, dispatcher, new ChainedAuditLog(db, clock), clock);
    RegionLookup regions = new CachedRegions(meters, Duration.ofSeconds(60), clock);
    AlarmEngine engine = new AlarmEngine(new JdbcAlarmStore(db), new JdbcOutageStore(db),
        new RecordingTamperResponse(), regions, dispatcher, config, clock);
    ingestor = new EventIngestor(events, engine, regions, dispatcher, config, registry);
  }

  @AfterEach
  void stop() throws Exception {
    ingestor.close();
    dispatcher.close();
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

  private static void waitFor(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
