package io.meterhub.platform.event;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.lwm2m.DeviceTrafficHandler;
import io.meterhub.platform.meter.MeterStore;
import io.meterhub.platform.metering.ReadingSink;
import io.meterhub.platform.prepay.CreditAlerts;
import io.meterhub.platform.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The event feature wired together: stores, alarm rules, ingestion worker, voltage quality monitor, webhooks and
 * the live-stream publisher. The lead hands {@link #sink()} to the LwM2M side, {@link #voltageMonitor()} to the
 * reading ingestion, and {@link #api()} to the HTTP API. {@link #close()} stops the workers.
 */
public final class EventModule implements AutoCloseable {

  private final EventStore events;
  private final AlarmService alarms;
  private final JdbcOutageStore outages;
  private final WebhookService webhooks;
  private final WebhookDispatcher dispatcher;
  private final EventIngestor ingestor;
  private final VoltageQualityMonitor voltage;
  private final StreamPublisher stream;
  private final CreditEvents credit;

  /**
   * A module whose live stream carries only what this node ingests.
   *
   * @param tamper called for tamper events in regions whose policy trips on tamper (use a
   *     {@link RecordingTamperResponse} until the relay pipeline is connected)
   */
  public EventModule(Database db, MeterStore meters, AuditLog audit, Vertx vertx, TamperResponse tamper,
      EventConfig config, Clock clock, MeterRegistry registry) {
    this(db, meters, audit, new StreamPublisher(vertx, db.durability()), tamper, config, clock, registry);
  }

  /**
   * A module whose live stream carries what every node of {@code hazelcast}'s cluster ingests.
   *
   * @param tamper see the other constructor
   */
  public EventModule(Database db, MeterStore meters, AuditLog audit, Vertx vertx, HazelcastInstance hazelcast,
      TamperResponse tamper, EventConfig config, Clock clock, MeterRegistry registry) {
    this(db, meters, audit, new StreamPublisher(vertx, hazelcast, db.durability()), tamper, config, clock, registry);
  }

  private EventModule(Database db, MeterStore meters, AuditLog audit, StreamPublisher stream, TamperResponse tamper,
      EventConfig config, Clock clock, MeterRegistry registry) {
    Objects.requireNonNull(db, "db");
    this.stream = stream;
    this.events = new JdbcEventStore(db);
    this.outages = new JdbcOutageStore(db);
    JdbcAlarmStore alarmStore = new JdbcAlarmStore(db);
    JdbcWebhookStore hookStore = new JdbcWebhookStore(db);
    this.dispatcher = new WebhookDispatcher(hookStore, db.durability(), config, clock, registry);
    EventNotifications notify = new FanOut(List.of(stream, dispatcher));
    RegionLookup regions = new CachedRegions(meters, Duration.ofSeconds(60), clock);
    AlarmEngine engine = new AlarmEngine(alarmStore, outages, tamper, regions, notify, config, clock);
    this.alarms = new AlarmService(alarmStore, audit, notify, clock);
    this.webhooks = new WebhookService(hookStore, dispatcher, audit, clock);
    this.ingestor = new EventIngestor(events, engine, regions, notify, config, registry);
    this.voltage = new VoltageQualityMonitor(ingestor, engine, regions, config);
    this.credit = new CreditEvents(events, engine, regions, notify, clock);
  }

  /** Where prepayment's credit-state crossings become events and alarms. */
  public CreditAlerts creditAlerts() {
    return credit;
  }

  /** The port for decoded meter events (Send and Observe). */
  public MeterEventSink sink() {
    return ingestor;
  }

  public EventIngestor ingestor() {
    return ingestor;
  }

  /** Wraps the LwM2M traffic handler so meters going online and offline also reach the live stream. */
  public DeviceTrafficHandler withStatusStream(DeviceTrafficHandler handler) {
    return new MeterStatusStream(handler, stream);
  }

  /** Reading sink that raises and clears voltage quality alarms. */
  public ReadingSink voltageMonitor() {
    return voltage;
  }

  /** What the REST API needs. */
  public EventApi api() {
    return new EventApi(events, alarms, outages, webhooks);
  }

  public WebhookDispatcher webhookDispatcher() {
    return dispatcher;
  }

  @Override
  public void close() {
    ingestor.close();
    dispatcher.close();
    stream.close();
  }
}
