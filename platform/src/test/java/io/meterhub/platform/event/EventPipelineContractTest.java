package io.meterhub.platform.event;

import io.meterhub.platform.testsupport.MutableClock;
import static io.meterhub.platform.event.EventTestSupport.T0;
import static io.meterhub.platform.event.EventTestSupport.addMeter;
import static io.meterhub.platform.event.EventTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.models.EventCode;
import io.meterhub.models.MeterEventRecord;
import io.meterhub.models.MeterReading;
import io.meterhub.models.Severity;
import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.Page;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The event pipeline end to end on a real database: sink → store → alarm rules → outages → notifications. */
abstract class EventPipelineContractTest extends DbContractBase {

  private MutableClock clock;
  private JdbcMeterStore meters;
  private JdbcEventStore events;
  private JdbcAlarmStore alarmStore;
  private JdbcOutageStore outages;
  private ChainedAuditLog audit;
  private RecordingNotifications notes;
  private RecordingTamperResponse tamper;
  private EventIngestor ingestor;
  private AlarmEngine engine;
  private AlarmService alarms;
  private VoltageQualityMonitor voltage;

  @BeforeEach
  void build() {
    EventTestSupport.truncateEventTables(db);
    clock = new MutableClock(T0);
    meters = new JdbcMeterStore(db);
    events = new JdbcEventStore(db);
    alarmStore = new JdbcAlarmStore(db);
    outages = new JdbcOutageStore(db);
    audit = new ChainedAuditLog(db, clock);
    notes = new RecordingNotifications();
    tamper = new RecordingTamperResponse();
    EventConfig config = EventConfig.defaults().withTripOnTamper(Set.of("north"));
    RegionLookup regions = new CachedRegions(meters, Duration.ofSeconds(60), clock);
    engine = new AlarmEngine(alarmStore, outages, tamper, regions, notes, config, clock);
    ingestor = new EventIngestor(events, engine, regions, notes, config, new SimpleMeterRegistry());
    alarms = new AlarmService(alarmStore, audit, notes, clock);
    voltage = new VoltageQualityMonitor(ingestor, engine, regions, config);
  }

  @AfterEach
  void stop() {
    ingestor.close();
  }

  private void ingest(String meterId, MeterEventRecord... records) throws InterruptedException {
    ingestor.accept(meterId, List.of(records), clock.instant());
    assertThat(ingestor.awaitIdle(Duration.ofSeconds(60))).isTrue();
  }

  private List<MeterEvent> eventsOf(String meterId) {
    return events.list(new EventQuery(meterId, null, null, null, null, 1000, null)).items();
  }

  private List<Alarm> liveAlarms(String meterId) {
    return alarmStore.list(null, null, 1000, null).items().stream()
        .filter(a -> a.meterId().equals(meterId) && a.state() != AlarmState.CLEARED).toList();
  }

  @Test
  void resentEventIsStoredOnce() throws Exception {
    addMeter(meters, "m1", "north/feeder-07/tx-1");
    MeterEventRecord overload = record(EventCode.OVERLOAD, 7, T0.minusSeconds(5));
    MeterEventRecord relay = record(EventCode.RELAY_CLOSED, 8, T0.minusSeconds(4));

    ingest("m1", overload, relay, overload);
    ingest("m1", overload, relay);

    assertThat(eventsOf("m1")).extracting(MeterEvent::sequence).containsExactly(8L, 7L);
    assertThat(notes.events).hasSize(2);
    assertThat(liveAlarms("m1")).singleElement().satisfies(a -> assertThat(a.eventCount()).isEqualTo(1));
    assertThat(ingestor.processed()).isEqualTo(5);
  }

  @Test
  void eachMetersEventsAreStoredAndEvaluatedInOrderAcrossTheWorkers() throws Exception {
    int meterCount = 40;
    int rounds = 10;
    for (int m = 0; m < meterCount; m++) {
      addMeter(meters, "o" + m, "own-" + m + "/tx-1"); // one meter per outage group: no correlation
    }
    for (int r = 0; r < rounds; r++) {
      for (int m = 0; m < meterCount; m++) {
        ingestor.accept("o" + m, List.of(record(EventCode.POWER_FAILURE, 2L * r, T0)), clock.instant());
      }
      for (int m = 0; m < meterCount; m++) {
        ingestor.accept("o" + m, List.of(record(EventCode.POWER_RESTORED, 2L * r + 1, T0)), clock.instant());
      }
    }
    assertThat(ingestor.awaitIdle(Duration.ofSeconds(60))).isTrue();

    for (int m = 0; m < meterCount; m++) {
      String meterId = "o" + m;
      assertThat(liveAlarms(meterId)).as("live alarms of %s", meterId).isEmpty();
      assertThat(notes.events.stream().filter(e -> e.meterId().equals(meterId)).map(MeterEvent::sequence).toList())
          .as("notification order of %s", meterId).isSorted().hasSize(2 * rounds);
      assertThat(notes.alarms.stream().filter(c -> c.alarm().meterId().equals(meterId)).map(AlarmChange::change)
          .toList()).as("alarm changes of %s", meterId).hasSize(2 * rounds)
          .containsExactlyElementsOf(java.util.Collections.nCopies(rounds, List.of("opened", "cleared")).stream()
              .flatMap(List::stream).toList());
    }
  }

  @Test
  void unknownCodeIsStoredAsUnknownWithItsRawCode() throws Exception {
    addMeter(meters, "m1", "north/feeder-07/tx-1");

    ingest("m1", new MeterEventRecord(777, EventCode.UNKNOWN, T0, 1, 1.5, 2));

    MeterEvent stored = eventsOf("m1").get(0);
    assertThat(stored.type()).isEqualTo("unknown");
    assertThat(new JsonObject(stored.details()).getInteger("rawCode")).isEqualTo(777);
    assertThat(stored.value()).isEqualTo(1.5);
    assertThat(stored.phase()).isEqualTo(2);
    assertThat(stored.region()).isEqualTo("north/feeder-07/tx-1");
    assertThat(liveAlarms("m1")).isEmpty();
  }

  @Test
  void clockSkewIsFlaggedAndRaisesAnAlarm() throws Exception {
    addMeter(meters, "m1", "south/feeder-01/tx-1");

    ingest("m1", record(EventCode.RELAY_CLOSED, 1, T0.minus(Duration.ofMinutes(20))),
        record(EventCode.RELAY_CLOSED, 2, T0.minus(Duration.ofMinutes(1))));

    List<MeterEvent> stored = eventsOf("m1");
    assertThat(stored.get(1).sequence()).isEqualTo(1);
    assertThat(new JsonObject(stored.get(1).details()).getLong("clockSkewSeconds")).isEqualTo(-1200L);
    assertThat(stored.get(0).details()).isNull();
    assertThat(liveAlarms("m1")).singleElement().satisfies(a -> {
      assertThat(a.cause()).isEqualTo("clock_skew");
      assertThat(a.type()).isEqualTo("clock");
    });
  }

  @Test
  void everyAntiTheftEventRaisesACriticalTamperAlarm() throws Exception {
    List<EventCode> antiTheft = List.of(EventCode.METER_COVER_OPENED, EventCode.TERMINAL_COVER_OPENED,
        EventCode.MAGNETIC_TAMPER, EventCode.REVERSE_ENERGY, EventCode.CURRENT_IMBALANCE);
    for (EventCode code : antiTheft) {
      String meterId = "theft-" + code.code();
      addMeter(meters, meterId, "south/feeder-02/tx-1");
      ingest(meterId, record(code, 1, T0));

      assertThat(liveAlarms(meterId)).as("alarm of %s", code).singleElement().satisfies(a -> {
        assertThat(a.type()).isEqualTo("tamper");
        assertThat(a.cause()).isEqualTo(EventTypes.of(code));
        assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
      });
    }
    assertThat(tamper.requests()).as("no trip outside the policy regions").isEmpty();
  }

  @Test
  void tamperRaisesCriticalAlarmAndTripsOnlyWherePolicySays() throws Exception {
    addMeter(meters, "north-1", "north/feeder-07/tx-1");
    addMeter(meters, "north-2", "north/feeder-07/tx-2");
    addMeter(meters, "south-1", "south/feeder-01/tx-1");

    ingest("north-1", record(EventCode.METER_COVER_OPENED, 1, T0));
    ingest("north-2", record(EventCode.CURRENT_IMBALANCE, 1, T0));
    ingest("south-1", record(EventCode.REVERSE_ENERGY, 1, T0));

    assertThat(liveAlarms("north-1")).singleElement().satisfies(a -> {
      assertThat(a.type()).isEqualTo("tamper");
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(a.state()).isEqualTo(AlarmState.OPEN);
    });
    assertThat(liveAlarms("south-1")).singleElement().satisfies(a -> {
      assertThat(a.cause()).isEqualTo("reverse_energy");
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    });
    assertThat(tamper.requests()).containsExactly(
        new RecordingTamperResponse.Request("north-1", EventCode.METER_COVER_OPENED),
        new RecordingTamperResponse.Request("north-2", EventCode.CURRENT_IMBALANCE));
  }

  @Test
  void powerFailureOpensAlarmAndRestoreClearsIt() throws Exception {
    addMeter(meters, "m1", "north/feeder-07/tx-1");

    ingest("m1", record(EventCode.POWER_FAILURE, 1, T0));
    Alarm open = liveAlarms("m1").get(0);
    assertThat(open.cause()).isEqualTo("power_failure");
    assertThat(open.type()).isEqualTo("fault");

    ingest("m1", record(EventCode.POWER_RESTORED, 2, T0.plusSeconds(30)));

    assertThat(liveAlarms("m1")).isEmpty();
    assertThat(alarmStore.find(open.id())).get().satisfies(a -> {
      assertThat(a.state()).isEqualTo(AlarmState.CLEARED);
      assertThat(a.clearedAt()).isNotNull();
    });
    assertThat(notes.alarms).extracting(AlarmChange::change).containsExactly("opened", "cleared");
  }

  @Test
  void acknowledgementNeedsANoteAndIsAudited() throws Exception {
    addMeter(meters, "m1", "north/feeder-07/tx-1");
    ingest("m1", record(EventCode.LOW_CREDIT, 1, T0));
    Alarm open = liveAlarms("m1").get(0);
    assertThat(open.severity()).isEqualTo(Severity.WARNING);

    assertThatThrownBy(() -> alarms.acknowledge("op", open.id(), " ")).isInstanceOf(ValidationException.class);
    Alarm acked = alarms.acknowledge("op", open.id(), "customer called, topping up").orElseThrow();

    assertThat(acked.state()).isEqualTo(AlarmState.ACKNOWLEDGED);
    assertThat(acked.ackBy()).isEqualTo("op");
    assertThat(acked.ackNote()).isEqualTo("customer called, topping up");
    assertThatThrownBy(() -> alarms.acknowledge("op", open.id(), "again")).isInstanceOf(ConflictException.class);
    assertThat(alarms.acknowledge("op", 999_999, "x")).isEmpty();
    Page<AuditEntry> entries = audit.list(new AuditQuery(null, "alarm.acknowledge", null, null, 10, null));
    assertThat(entries.items()).singleElement().satisfies(e -> {
      assertThat(e.actor()).isEqualTo("op");
      assertThat(e.target()).isEqualTo("alarm:" + open.id());
      assertThat(e.details()).contains("customer called");
    });
    assertThat(audit.verify().valid()).isTrue();
  }

  @Test
  void manyMetersLosingPowerMakeOneOutageNotManyAlarmsAndRestoreClearsIt() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String id = "out-" + i;
      ids.add(id);
      addMeter(meters, id, "north/feeder-07/tx-" + (i % 4));
    }
    addMeter(meters, "other", "north/feeder-08/tx-1");
    for (String id : ids) {
      clock.advance(Duration.ofSeconds(3));
      ingest(id, record(EventCode.POWER_FAILURE, 1, clock.instant()));
    }
    ingest("other", record(EventCode.POWER_FAILURE, 1, clock.instant()));

    Page<Outage> open = outages.list(Outage.OPEN, 100, null);
    assertThat(open.items()).singleElement().satisfies(o -> {
      assertThat(o.region()).isEqualTo("north/feeder-07");
      assertThat(o.affectedMeters()).isEqualTo(20);
    });
    List<Alarm> liveInRegion = alarmStore.list(null, "north/feeder-07", 1000, null).items().stream()
        .filter(a -> a.state() != AlarmState.CLEARED).toList();
    assertThat(liveInRegion).isEmpty();
    assertThat(alarmStore.list(null, "north/feeder-07", 1000, null).items())
        .allSatisfy(a -> assertThat(a.outageId()).isEqualTo(open.items().get(0).id()));
    assertThat(liveAlarms("other")).hasSize(1);

    for (int i = 0; i < 18; i++) {
      clock.advance(Duration.ofSeconds(1));
      ingest(ids.get(i), record(EventCode.POWER_RESTORED, 2, clock.instant()));
    }

    assertThat(outages.list(Outage.OPEN, 100, null).items()).isEmpty();
    assertThat(outages.list(Outage.CLEARED, 100, null).items()).singleElement()
        .satisfies(o -> assertThat(o.restoredMeters()).isEqualTo(18));
    assertThat(liveAlarms(ids.get(19))).singleElement()
        .satisfies(a -> assertThat(a.cause()).isEqualTo("power_failure"));
    assertThat(notes.outages).contains("north/feeder-07:opened", "north/feeder-07:cleared");
  }

  @Test
  void lossesSpreadBeyondTheWindowStayMeterAlarms() throws Exception {
    for (int i = 0; i < 12; i++) {
      addMeter(meters, "slow-" + i, "east/feeder-01/tx-1");
      clock.advance(Duration.ofMinutes(1));
      ingest("slow-" + i, record(EventCode.VOLTAGE_LOSS_L1, 1, clock.instant()));
    }

    assertThat(outages.list(null, 100, null).items()).isEmpty();
    assertThat(alarmStore.list(AlarmState.OPEN, "east", 1000, null).items()).hasSize(12);
  }

  @Test
  void eventsAreListedByRegionTypeAndTimeWithCursorPaging() throws Exception {
    addMeter(meters, "a", "north/feeder-07/tx-1");
    addMeter(meters, "b", "south/feeder-01/tx-1");
    for (int i = 0; i < 5; i++) {
      ingest("a", record(EventCode.RELAY_CLOSED, i, T0.plusSeconds(i)));
      ingest("b", record(EventCode.OVERLOAD, i, T0.plusSeconds(i)));
    }

    Page<MeterEvent> first = events.list(new EventQuery(null, "north", null, null, null, 2, null));
    Page<MeterEvent> second = events.list(new EventQuery(null, "north", null, null, null, 2, first.next()));
    Page<MeterEvent> third = events.list(new EventQuery(null, "north", null, null, null, 2, second.next()));
    List<Long> seqs = new ArrayList<>();
    for (Page<MeterEvent> p : List.of(first, second, third)) {
      p.items().forEach(e -> seqs.add(e.sequence()));
    }
    assertThat(seqs).containsExactly(4L, 3L, 2L, 1L, 0L);
    assertThat(third.next()).isNull();
    assertThat(events.list(new EventQuery(null, null, "overload", T0.plusSeconds(1), T0.plusSeconds(3), 50, null))
        .items()).extracting(MeterEvent::meterId, MeterEvent::sequence)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 2L), org.assertj.core.groups.Tuple.tuple("b", 1L));
    assertThat(events.count()).isEqualTo(10);
  }

  @Test
  void voltageOutsideToleranceRaisesQualityAlarmAndClearsWhenBack() throws Exception {
    addMeter(meters, "v1", "north/feeder-07/tx-1");

    voltage.accept(reading("v1", 231.0));
    voltage.accept(reading("v1", 200.0));
    voltage.accept(reading("v1", 199.0));
    assertThat(ingestor.awaitIdle(Duration.ofSeconds(30))).isTrue();
    waitFor(() -> liveAlarms("v1").size() == 1);
    assertThat(liveAlarms("v1").get(0).cause()).isEqualTo("undervoltage");
    assertThat(liveAlarms("v1").get(0).type()).isEqualTo("quality");

    voltage.accept(reading("v1", 260.0));
    waitFor(
        () -> {
          var alarms = liveAlarms("v1"); // one read: the under-voltage alarm clears before the over-voltage one opens
          return !alarms.isEmpty() && alarms.get(0).cause().equals("overvoltage");
        });
    voltage.accept(reading("v1", 229.0));
    waitFor(() -> liveAlarms("v1").isEmpty());
    assertThat(alarmStore.list(AlarmState.CLEARED, null, 100, null).items()).hasSize(2);
  }

  @Test
  void voltageLimitsFollowTheConfiguredNominalAndTolerance() throws Exception {
    addMeter(meters, "v120", "west/feeder-02/tx-1");
    VoltageQualityMonitor us = new VoltageQualityMonitor(ingestor, engine,
        new CachedRegions(meters, Duration.ofSeconds(60), clock),
        EventConfig.defaults().withVoltageLimits(120.0, 0.05));

    us.accept(reading("v120", 118.0)); // within 120 V ± 5 %; far below 230 V − 10 %
    us.accept(reading("v120", 125.0)); // within (≤ 126 V)
    assertThat(ingestor.awaitIdle(Duration.ofSeconds(30))).isTrue();
    assertThat(liveAlarms("v120")).isEmpty();

    us.accept(reading("v120", 127.0)); // above 126 V
    waitFor(() -> liveAlarms("v120").size() == 1);
    assertThat(liveAlarms("v120").get(0).cause()).isEqualTo("overvoltage");
    us.accept(reading("v120", 113.0)); // below 114 V
    waitFor(() -> {
      var alarms = liveAlarms("v120");
      return alarms.size() == 1 && alarms.get(0).cause().equals("undervoltage");
    });
  }

  private static IngestedReading reading(String meterId, double volts) {
    MeterReading r = new MeterReading(T0, 1000L, volts, 1.0, 0.2, 0.99, 50.0, null, null);
    return new IngestedReading(meterId, r, T0);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
