package io.meterhub.platform.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.models.PrepaymentDisplay;
import io.meterhub.models.RelayState;
import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.meter.Meter;
import io.meterhub.platform.meter.MeterSecurity;
import io.meterhub.platform.testsupport.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Display updates through the real command pipeline (H2, Hazelcast) for meters that are offline (the module is not
 * started, so nothing is delivered): they coalesce to one pending write and never touch relay commands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class CommandDisplayPublisherTest {

  private final Clock clock = Clock.systemUTC();
  private TestStores stores;
  private CommandModule module;
  private CommandDisplayPublisher publisher;

  @BeforeAll
  void start() {
    stores = new TestStores(clock);
    module =
        new CommandModule(
            new JdbcCommandStore(stores.database), stores.meters, stores.live, stores.audit, stores.hazelcast,
            "node-1", new SimpleMeterRegistry(), CommandSettings.defaults(), clock);
    publisher = new CommandDisplayPublisher(module.commands(), clock);
  }

  @AfterAll
  void stop() {
    if (module != null) {
      module.close();
    }
    if (stores != null) {
      stores.close();
    }
  }

  @Test
  void burstOfUpdatesLeavesOnePendingWriteWithTheNewestValues() {
    String meter = meter();

    publisher.publish(meter, display(1000, PrepaymentDisplay.STATE_NORMAL));
    publisher.publish(meter, display(750, PrepaymentDisplay.STATE_NORMAL));
    publisher.publish(meter, display(80, PrepaymentDisplay.STATE_LOW));

    List<Command> history = history(meter);
    assertThat(history).hasSize(3).allMatch(c -> c.type().equals(DisplayCommand.TYPE));
    Command newest = history.get(0);
    assertThat(newest.status()).isEqualTo(CommandStatus.PENDING);
    assertThat(DisplayCommand.parse(newest.target())).contains(display(80, PrepaymentDisplay.STATE_LOW));
    assertThat(newest.actor()).isEqualTo("system:prepay");
    assertThat(newest.reason()).isEqualTo("credit display update");
    assertThat(newest.deadline()).isBefore(Instant.now().plus(Duration.ofHours(1)).plusSeconds(5));
    assertThat(history.subList(1, 3))
        .allSatisfy(
            older -> {
              assertThat(older.status()).isEqualTo(CommandStatus.CANCELLED);
              assertThat(older.error()).startsWith("superseded by ");
            });
    assertThat(history.get(1).error()).isEqualTo("superseded by " + newest.id());
    assertThat(queued(meter)).extracting(Command::id).containsExactly(newest.id());
  }

  @Test
  void displayUpdatesNeverSupersedeRelayCommandsNorTheReverse() {
    String meter = meter();
    Command trip = module.commands().relay(meter, RelayState.OPEN, "credit exhausted", "system:prepay");

    publisher.publish(meter, display(-50, PrepaymentDisplay.STATE_EXHAUSTED));
    publisher.publish(meter, display(450, PrepaymentDisplay.STATE_NORMAL));
    Command reconnect = module.commands().relay(meter, RelayState.CLOSED, "top-up", "system:prepay");

    Map<String, Command> byId = history(meter).stream().collect(Collectors.toMap(Command::id, Function.identity()));
    assertThat(byId.get(trip.id()).status()).isEqualTo(CommandStatus.CANCELLED);
    assertThat(byId.get(trip.id()).error()).isEqualTo("superseded by " + reconnect.id());
    List<Command> waiting = queued(meter);
    assertThat(waiting).extracting(Command::type).containsExactly(DisplayCommand.TYPE, RelayCommand.TYPE);
    assertThat(DisplayCommand.parse(waiting.get(0).target()))
        .contains(display(450, PrepaymentDisplay.STATE_NORMAL));
    assertThat(waiting.get(1).id()).isEqualTo(reconnect.id());
    assertThat(byId.values().stream().filter(c -> c.status() == CommandStatus.CANCELLED)).hasSize(2);
  }

  @Test
  void displayStepsAreNotAuditedButRelayCommandsStillAre() {
    String meter = meter();
    publisher.publish(meter, display(500, PrepaymentDisplay.STATE_NORMAL));
    publisher.publish(meter, display(400, PrepaymentDisplay.STATE_NORMAL));
    module.commands().relay(meter, RelayState.OPEN, "test", "tester");

    List<AuditEntry> entries = stores.auditEntries().stream().filter(e -> meter.equals(e.target())).toList();
    assertThat(entries).extracting(AuditEntry::action).containsExactly("command.create");
    assertThat(entries.get(0).details()).contains("\"type\":\"relay\"");
  }

  @Test
  void userCancellingADisplayUpdateIsAudited() {
    String meter = meter();
    publisher.publish(meter, display(500, PrepaymentDisplay.STATE_NORMAL));
    Command pending = history(meter).get(0);

    module.commands().cancel(pending.id(), "operator-1");

    assertThat(stores.auditEntries().stream().filter(e -> meter.equals(e.target())))
        .extracting(AuditEntry::action, AuditEntry::actor)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("command.cancelled", "operator-1"));
  }

  @Test
  void invalidDisplayRequestsAreRefusedByThePipeline() {
    String meter = meter();
    assertThatThrownBy(
            () ->
                module.commands().create(
                    CommandRequest.of(meter, DisplayCommand.TYPE, "lots of money", "test", "tester")))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> publisher.publish("urn:imei:not-registered", display(1, PrepaymentDisplay.STATE_LOW)))
        .isInstanceOf(UnknownMeterException.class);
    assertThat(history(meter)).isEmpty();
  }

  private List<Command> history(String meter) {
    return module.commands().listForMeter(meter, 100, null).orElseThrow().items();
  }

  /** The meter's queue in the cluster, oldest first (read, not claimed). */
  private List<Command> queued(String meter) {
    PendingOps.MeterQueue queue =
        stores.hazelcast.<String, PendingOps.MeterQueue>getMap(PendingCommands.MAP).get(meter);
    return queue == null ? List.of() : queue.items().stream().map(PendingOps.Queued::command).toList();
  }

  private String meter() {
    String id = "urn:imei:" + UUID.randomUUID();
    Instant now = clock.instant();
    stores.meters.insert(new Meter(id, "KPM31", "north/feeder-1", MeterSecurity.psk("psk-" + id, "00".repeat(16)),
        now, now));
    return id;
  }

  private static PrepaymentDisplay display(long balance, String state) {
    return new PrepaymentDisplay(
        balance, "CNY", state, !PrepaymentDisplay.STATE_EXHAUSTED.equals(state),
        !PrepaymentDisplay.STATE_NORMAL.equals(state));
  }
}
