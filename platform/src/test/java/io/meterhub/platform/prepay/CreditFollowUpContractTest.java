package io.meterhub.platform.prepay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.event.Alarm;
import io.meterhub.platform.event.AlarmState;
import io.meterhub.platform.event.EventConfig;
import io.meterhub.platform.event.EventModule;
import io.meterhub.platform.event.EventQuery;
import io.meterhub.platform.event.MeterEvent;
import io.meterhub.platform.event.RecordingTamperResponse;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.store.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What follows a credit decision: relay orders confirmed by the meter before the state says {@code disconnected},
 * credit-state crossings as events and alarms in the real event pipeline, and audit entries that commit with the
 * money. Run on H2 and PostgreSQL.
 */
abstract class CreditFollowUpContractTest extends PrepayTestBase {

  private final Vertx vertx = Vertx.vertx();
  private EventModule events;
  private final AtomicBoolean alertsDown = new AtomicBoolean();
  private long wh;

  @BeforeEach
  void wire() {
    events = new EventModule(db, new JdbcMeterStore(db), audit, vertx, new RecordingTamperResponse(),
        EventConfig.defaults(), clock, new SimpleMeterRegistry());
    CreditAlerts alerts = crossing -> {
      if (alertsDown.get()) {
        throw new IllegalStateException("event pipeline unreachable");
      }
      events.creditAlerts().crossed(crossing);
    };
    service = new PrepayService(db, audit, supply, display, alerts, PrepayConfig.defaults(), clock,
        meterId -> true);
    flat("flat-1", "1.0000");
    wh = 0;
  }

  @AfterEach
  void closeEvents() {
    events.close();
  }

  @AfterAll
  void closeVertx() {
    vertx.close();
  }

  private void use(Account a, long minor) {
    wh += minor * 10;
    clock.advance(java.time.Duration.ofMinutes(1));
    read(a, clock.instant(), wh);
  }

  private List<String> eventTypes(Account a) {
    List<String> types = events.api().events().list(new EventQuery(a.meterId(), null, null, null, null, 100, null)).items()
        .stream().map(MeterEvent::type).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    java.util.Collections.reverse(types);
    return types;
  }

  private List<Alarm> alarms(Account a, AlarmState state) {
    return events.api().alarms().list(state, null, 100, null).items().stream()
        .filter(al -> al.meterId().equals(a.meterId())).toList();
  }

  @Test
  void anOfflineMeterStaysExhaustedUntilItConfirmsAndAFailedOrderIsIssuedAgain() {
    Account a = open("flat-1", policy(100, 0));
    topUp(a, 150);
    read(a, clock.instant(), 0);
    use(a, 200);
    String first = supply.lastOrder();

    service.evaluateFriendlyPeriods(clock); // the meter is offline: the order stays pending
    assertThat(account(a).creditState()).isEqualTo(CreditState.EXHAUSTED);
    assertThat(supply.calls).hasSize(1);

    supply.settle(first, SupplyOutcome.FAILED); // e.g. expired before the meter came back
    service.evaluateFriendlyPeriods(clock);
    assertThat(supply.calls).containsExactly("disconnect " + a.meterId(), "disconnect " + a.meterId());
    assertThat(account(a).creditState()).isEqualTo(CreditState.EXHAUSTED);
    String second = supply.lastOrder();
    assertThat(account(a).supplyOrder()).isEqualTo(new SupplyOrder("disconnect", "pending", second));

    // The notification of the confirmation was lost (crash): the sweep asks and applies it.
    supply.settle(second, SupplyOutcome.CONFIRMED);
    service.evaluateFriendlyPeriods(clock);
    assertThat(account(a).creditState()).isEqualTo(CreditState.DISCONNECTED);
    assertThat(supply.calls).hasSize(2);
    assertThat(audit.list(new AuditQuery(null, "prepay.supply.confirmed", null, null, 10, null)).items()).hasSize(1);
  }

  @Test
  void aTopUpBeforeTheMeterConfirmedSupersedesTheOpenOrder() {
    Account a = open("flat-1", policy(100, 0));
    read(a, clock.instant(), 0);
    use(a, 10);
    assertThat(account(a).creditState()).isEqualTo(CreditState.EXHAUSTED);
    String open = supply.lastOrder();

    topUp(a, 500);
    assertThat(account(a).creditState()).isEqualTo(CreditState.OK);
    assertThat(supply.calls).containsExactly("disconnect " + a.meterId(), "reconnect " + a.meterId());
    // The cancelled open order's late report changes nothing; the reconnect's confirmation is recorded.
    assertThat(service.supplyOutcome(a.meterId(), true, open, SupplyOutcome.CONFIRMED)).isFalse();
    assertThat(account(a).creditState()).isEqualTo(CreditState.OK);
    confirmLatest(a, false);
    assertThat(account(a).supplyOrder().status()).isEqualTo("confirmed");
  }

  @Test
  void eachCrossingRaisesOneEventAndTheRightAlarmAndOkClearsIt() {
    Account a = open("flat-1", policy(100, 0));
    topUp(a, 300);
    read(a, clock.instant(), 0);
    use(a, 250); // 50: low
    use(a, 10); // still low: no second event
    use(a, 10);
    // An account opens with balance 0 (exhausted); the first top-up made it ok.
    assertThat(eventTypes(a)).containsExactly("credit_ok", "credit_low");
    assertThat(alarms(a, AlarmState.OPEN)).singleElement().satisfies(al -> {
      assertThat(al.type()).isEqualTo("credit");
      assertThat(al.cause()).isEqualTo("credit_low");
    });

    use(a, 100); // -70: exhausted, open ordered
    confirmLatest(a, true);
    topUp(a, 1000);
    confirmLatest(a, false);

    assertThat(eventTypes(a)).containsExactly("credit_ok", "credit_low", "credit_exhausted", "credit_disconnected",
        "credit_ok");
    assertThat(alarms(a, AlarmState.OPEN)).isEmpty();
    assertThat(alarms(a, AlarmState.CLEARED)).extracting(Alarm::cause)
        .containsExactlyInAnyOrder("credit_low", "credit_exhausted", "credit_disconnected");
    List<MeterEvent> stored = events.api().events().list(new EventQuery(a.meterId(), null, null, null, null, 10,
        null)).items();
    assertThat(stored).allSatisfy(e -> {
      assertThat(e.sequence()).isNegative(); // never collides with the meter's own sequence numbers (>= 0)
      JsonObject details = new JsonObject(e.details());
      assertThat(details.fieldNames()).containsExactlyInAnyOrder("accountId", "from", "state", "balance",
          "currency");
    });
    assertThat(service.deliverCrossings()).isZero();
  }

  @Test
  void aCrossingTheEventPipelineMissedIsDeliveredLaterExactlyOnce() {
    Account a = open("flat-1", policy(100, 0));
    topUp(a, 300);
    read(a, clock.instant(), 0);
    alertsDown.set(true);
    use(a, 250);
    assertThat(account(a).creditState()).isEqualTo(CreditState.LOW);
    assertThat(eventTypes(a)).containsExactly("credit_ok");

    alertsDown.set(false);
    // A new service over the same database: what a restarted node finds in the outbox.
    PrepayService restarted = new PrepayService(db, audit, supply, display, events.creditAlerts(),
        PrepayConfig.defaults(), clock, meterId -> true);
    assertThat(restarted.deliverCrossings()).isEqualTo(1);
    assertThat(restarted.deliverCrossings()).isZero();
    assertThat(eventTypes(a)).containsExactly("credit_ok", "credit_low");
    assertThat(alarms(a, AlarmState.OPEN)).hasSize(1);

    // A redelivery of the same crossing (a node died after storing it, before removing it) is stored once.
    long id = -events.api().events().list(new EventQuery(a.meterId(), null, null, null, null, 10, null)).items()
        .get(0).sequence();
    events.creditAlerts().crossed(new CreditCrossing(id, a.id(), a.meterId(), CreditState.OK, CreditState.LOW, 50,
        "CNY", clock.instant()));
    assertThat(eventTypes(a)).containsExactly("credit_ok", "credit_low");
    assertThat(alarms(a, AlarmState.OPEN)).singleElement().satisfies(al -> assertThat(al.eventCount()).isEqualTo(1));
  }

  @Test
  void aTopUpsAuditEntrySurvivesACrashRightAfterTheCommitExactlyOnce() {
    Account a = open("flat-1");
    service.afterTopUpCommit(() -> {
      throw new IllegalStateException("node died right after the commit");
    });
    TopUpRequest request = new TopUpRequest(1200, "CNY", "pay-1", null);
    assertThatThrownBy(() -> service.topUp("payments", a.id(), "crash-key", request))
        .isInstanceOf(IllegalStateException.class);

    PrepayService restarted = new PrepayService(db, audit, supply, display, PrepayConfig.defaults(), clock,
        meterId -> true);
    assertThat(restarted.topUp("payments", a.id(), "crash-key", request).replayed()).isTrue();
    restarted.evaluateFriendlyPeriods(clock);

    List<AuditEntry> entries = audit.list(new AuditQuery(null, "prepay.topup", null, null, 10, null)).items();
    assertThat(entries).singleElement().satisfies(e -> assertThat(e.target()).isEqualTo(a.id()));
    assertThat(audit.verify().valid()).isTrue();
  }

  @Test
  void whenTheAuditAppendFailsNoMoneyMoves() {
    Account a = open("flat-1");
    TopUpReceipt paid = topUp(a, 500).receipt();
    TestDatabase.sql(db, "ALTER TABLE audit_queue RENAME TO audit_queue_away");
    try {
      assertThatThrownBy(() -> topUp(a, 700)).hasMessageContaining("audit");
      assertThatThrownBy(() -> service.reverseTopUp("admin", paid.id(), "bounced")).hasMessageContaining("audit");
      assertThatThrownBy(() -> service.adjust("admin", a.id(), -100, "fee")).hasMessageContaining("audit");
    } finally {
      TestDatabase.sql(db, "ALTER TABLE audit_queue_away RENAME TO audit_queue");
    }
    assertThat(account(a).balance()).isEqualTo(500);
    assertThat(service.ledger(a.id(), 10, null).items()).hasSize(1);
    service.reverseTopUp("admin", paid.id(), "bounced");
    assertThat(account(a).balance()).isZero();
    assertThat(audit.list(new AuditQuery(null, "prepay.topup", null, null, 10, null)).items()).hasSize(1);
    assertThat(audit.list(new AuditQuery(null, "prepay.topup.reverse", null, null, 10, null)).items()).hasSize(1);
    assertThat(audit.verify().valid()).isTrue();
  }
}
