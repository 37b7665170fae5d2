package io.meterhub.platform.prepay;

import io.meterhub.platform.testsupport.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.models.PrepaymentDisplay;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.store.TestDatabase;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Credit policy, top-up deductions, reversal and reconciliation; run on H2 and PostgreSQL. */
abstract class PrepayPolicyContractTest extends PrepayTestBase {

  private long wh;
  private Instant at;

  @BeforeEach
  void flatTariff() {
    flat("flat-1", "1.0000");
    wh = 0;
    at = T0;
  }

  /** Baseline reading, so the next {@link #use} charges. */
  private void baseline(Account a) {
    assertThat(read(a, at, wh)).isEqualTo(ChargeOutcome.BASELINE);
  }

  /** Consumes {@code minor} fen worth of energy at 1.0000 CNY/kWh (10 Wh per fen). */
  private void use(Account a, long minor) {
    wh += minor * 10;
    at = at.plusSeconds(60);
    assertThat(read(a, at, wh)).isEqualTo(ChargeOutcome.CHARGED);
  }

  private static CreditPolicy with(CreditPolicy p, List<FriendlyPeriod> friendly, Set<LocalDate> special,
      boolean isProtected) {
    return new CreditPolicy(p.lowCreditThreshold(), p.emergencyCredit(), p.reconnectThreshold(), friendly, special,
        p.zone(), p.debtRecoveryPercent(), p.debtRecoveryCap(), p.debtRecoveryPeriodDays(), isProtected);
  }

  @Test
  void exhaustionDisconnectsOnceAndATopUpAboveTheThresholdReconnects() {
    Account a = open("flat-1", policy(100, 0));
    topUp(a, 300);
    baseline(a);

    use(a, 100);
    assertThat(account(a).creditState()).isEqualTo(CreditState.OK);
    use(a, 100);
    assertThat(account(a).creditState()).isEqualTo(CreditState.LOW);
    use(a, 100);
    // Ordered open, not yet confirmed by the meter: still exhausted, the pending order visible.
    assertThat(account(a).creditState()).isEqualTo(CreditState.EXHAUSTED);
    assertThat(account(a).supplyOrder()).isEqualTo(new SupplyOrder("disconnect", "pending", supply.lastOrder()));
    use(a, 100);
    assertThat(account(a).creditState()).isEqualTo(CreditState.EXHAUSTED);
    confirmLatest(a, true);
    assertThat(account(a).creditState()).isEqualTo(CreditState.DISCONNECTED);
    assertThat(account(a).supplyOrder().status()).isEqualTo("confirmed");
    assertThat(supply.calls).containsExactly("disconnect " + a.meterId());
    assertThat(display.peek(a.meterId())).hasValueSatisfying(
        d -> assertThat(d.creditState()).isEqualTo(PrepaymentDisplay.STATE_EXHAUSTED));

    topUp(a, 50); // -50: still not above the reconnect threshold (0)
    assertThat(account(a).creditState()).isEqualTo(CreditState.DISCONNECTED);
    assertThat(supply.calls).hasSize(1);

    topUp(a, 500);
    assertThat(account(a).balance()).isEqualTo(450);
    // Reconnection ordered; disconnected until the meter confirms the closed relay.
    assertThat(account(a).creditState()).isEqualTo(CreditState.DISCONNECTED);
    assertThat(account(a).supplyOrder()).isEqualTo(new SupplyOrder("reconnect", "pending", supply.lastOrder()));
    confirmLatest(a, false);
    assertThat(account(a).creditState()).isEqualTo(CreditState.OK);
    assertThat(supply.calls).containsExactly("disconnect " + a.meterId(), "reconnect " + a.meterId());
    JdbcSupplyControl durable = new JdbcSupplyControl(db, audit, clock);
    assertThat(durable.requests(a.meterId())).extracting(SupplyRequest::action)
        .containsExactly("disconnect", "reconnect");
    assertThat(audit.list(new AuditQuery(null, "prepay.supply.disconnect", null, null, 10, null)).items()).hasSize(1);
    // Nothing left for the sweep to re-drive.
    service.evaluateFriendlyPeriods(clock);
    assertThat(supply.calls).hasSize(2);
  }

  @Test
  void friendlyPeriodDelaysDisconnectionUntilItEnds() {
    FriendlyPeriod nights = new FriendlyPeriod(EnumSet.allOf(DayOfWeek.class), LocalTime.of(21, 0), LocalTime.of(9, 0));
    Account a = open("flat-1", with(policy(100, 0), List.of(nights), Set.of(), false));
    clock.set(Instant.parse("2026-12-01T22:00:00Z"));
    baseline(a);

    use(a, 10);
    assertThat(account(a).creditState()).isEqualTo(CreditState.EXHAUSTED);
    assertThat(supply.calls).isEmpty();

    assertThat(service.evaluateFriendlyPeriods(new MutableClock(Instant.parse("2026-12-02T08:59:00Z")))).isZero();
    assertThat(supply.calls).isEmpty();
    assertThat(service.evaluateFriendlyPeriods(new MutableClock(Instant.parse("2026-12-02T09:00:00Z")))).isEqualTo(1);
    assertThat(supply.calls).containsExactly("disconnect " + a.meterId());
    assertThat(service.evaluateFriendlyPeriods(new MutableClock(Instant.parse("2026-12-02T10:00:00Z")))).isZero();
    assertThat(supply.calls).hasSize(1);
    assertThat(account(a).creditState()).isEqualTo(CreditState.EXHAUSTED);
    confirmLatest(a, true);
    assertThat(account(a).creditState()).isEqualTo(CreditState.DISCONNECTED);
  }

  @Test
  void specialDaysAreFriendlyAllDay() {
    Account a = open("flat-1", with(policy(100, 0), List.of(), Set.of(LocalDate.parse("2026-12-25")), false));
    clock.set(Instant.parse("2026-12-25T12:00:00Z"));
    baseline(a);
    use(a, 10);
    assertThat(service.evaluateFriendlyPeriods(new MutableClock(Instant.parse("2026-12-25T23:59:00Z")))).isZero();
    assertThat(supply.calls).isEmpty();
    assertThat(service.evaluateFriendlyPeriods(new MutableClock(Instant.parse("2026-12-26T00:00:00Z")))).isEqualTo(1);
    assertThat(supply.calls).hasSize(1);
  }

  @Test
  void protectedAccountIsNeverDisconnectedButFlagged() {
    Account a = open("flat-1", with(policy(100, 0), List.of(), Set.of(), true));
    baseline(a);
    use(a, 10);
    use(a, 10);
    service.evaluateFriendlyPeriods(new MutableClock(T0.plus(Duration.ofDays(3))));

    assertThat(supply.calls).isEmpty();
    Account after = account(a);
    assertThat(after.creditState()).isEqualTo(CreditState.EXHAUSTED);
    assertThat(after.flags()).contains(Account.FLAG_PROTECTED_EXHAUSTED);
    assertThat(audit.list(new AuditQuery(null, "prepay.disconnect_suppressed", null, null, 10, null)).items())
        .hasSize(1);
  }

  @Test
  void emergencyCreditLetsTheBalanceGoNegativeToItsLimitAndIsRepaidFirst() {
    Account a = open("flat-1", policy(100, 500));
    topUp(a, 100);
    baseline(a);

    use(a, 300);
    assertThat(account(a).balance()).isEqualTo(-200);
    assertThat(account(a).creditState()).isEqualTo(CreditState.EMERGENCY);
    assertThat(supply.calls).isEmpty();
    assertThat(display.peek(a.meterId())).hasValueSatisfying(d -> {
      assertThat(d.creditState()).isEqualTo(PrepaymentDisplay.STATE_EMERGENCY);
      assertThat(d.emergencyAvailable()).isTrue();
    });

    TopUpReceipt receipt = topUp(a, 1000).receipt();
    assertThat(receipt.emergencyRepaid()).isEqualTo(200);
    assertThat(receipt.balanceAfter()).isEqualTo(800);

    use(a, 1299); // -499: still emergency
    assertThat(account(a).creditState()).isEqualTo(CreditState.EMERGENCY);
    use(a, 1); // -500 = the limit
    assertThat(account(a).creditState()).isEqualTo(CreditState.EXHAUSTED);
    assertThat(supply.calls).containsExactly("disconnect " + a.meterId());
  }

  @Test
  void debtRecoveryTakesItsPercentageWithinTheCapPerPeriod() {
    CreditPolicy d = CreditPolicy.defaults();
    CreditPolicy p = new CreditPolicy(100, 0, 0, List.of(), Set.of(), ZoneOffset.UTC, 10, 150L, 7, false);
    Account a = service.openAccount("admin", new NewAccount("m-debt", "flat-1", "CNY", p, 1000));

    assertThat(topUp(a, 1000).receipt().debtRecovered()).isEqualTo(100);
    assertThat(topUp(a, 1000).receipt().debtRecovered()).isEqualTo(50);
    assertThat(topUp(a, 1000).receipt().debtRecovered()).isZero();
    clock.advance(Duration.ofDays(7));
    TopUpReceipt next = topUp(a, 1000).receipt();

    assertThat(next.debtRecovered()).isEqualTo(100);
    assertThat(next.debtAfter()).isEqualTo(750);
    assertThat(account(a).balance()).isEqualTo(4000 - 250);
    assertThat(service.ledger(a.id(), 100, null).items()).extracting(LedgerEntry::type)
        .containsExactly(LedgerType.TOPUP, LedgerType.DEBT_RECOVERY, LedgerType.TOPUP, LedgerType.DEBT_RECOVERY,
            LedgerType.TOPUP, LedgerType.TOPUP, LedgerType.DEBT_RECOVERY);
    assertThat(d.debtRecoveryCap()).isNull();
  }

  @Test
  void reversalCompensatesOnceAndRestoresTheDebtItRepaid() {
    CreditPolicy p = new CreditPolicy(100, 0, 0, List.of(), Set.of(), ZoneOffset.UTC, 10, null, 7, false);
    Account a = service.openAccount("admin", new NewAccount("m-rev", "flat-1", "CNY", p, 1000));
    TopUpReceipt receipt = topUp(a, 1000).receipt();
    assertThat(account(a).balance()).isEqualTo(900);

    LedgerEntry reversal = service.reverseTopUp("admin", receipt.id(), "payment bounced");

    assertThat(reversal.type()).isEqualTo(LedgerType.REVERSAL);
    assertThat(reversal.amount()).isEqualTo(-900);
    assertThat(reversal.reverses()).isEqualTo(receipt.id());
    assertThat(account(a).balance()).isZero();
    assertThat(account(a).debt()).isEqualTo(1000);
    assertThatThrownBy(() -> service.reverseTopUp("admin", receipt.id(), "again"))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> service.reverseTopUp("admin", reversal.id(), "not a top-up"))
        .isInstanceOf(PrepayExceptions.NotFound.class);
    assertThat(account(a).balance()).isZero();
  }

  @Test
  void topUpLimitsAndCurrencyAreEnforcedAndAFailedKeyCanBeRetried() {
    service = newService(db, new PrepayConfig(5000, 8000, Duration.ofHours(24), Duration.ofMinutes(2),
        CreditPolicy.defaults()));
    Account a = open("flat-1");
    assertThatThrownBy(() -> service.topUp("p", a.id(), "k1", new TopUpRequest(5001, "CNY", null, null)))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> service.topUp("p", a.id(), "k1", new TopUpRequest(100, "EUR", null, null)))
        .isInstanceOf(ValidationException.class);
    service.topUp("p", a.id(), "k2", new TopUpRequest(5000, "CNY", null, null));
    assertThatThrownBy(() -> service.topUp("p", a.id(), "k3", new TopUpRequest(3001, "CNY", null, null)))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> service.topUp("p", "no-such-account", "k4", new TopUpRequest(1, "CNY", null, null)))
        .isInstanceOf(PrepayExceptions.NotFound.class);

    TopUpOutcome ok = service.topUp("p", a.id(), "k1", new TopUpRequest(3000, "CNY", null, null));
    assertThat(ok.replayed()).isFalse();
    assertThat(account(a).balance()).isEqualTo(8000);
  }

  @Test
  void sameKeyReplaysTheStoredReceiptAndAnotherPayloadIsRefused() {
    Account a = open("flat-1");
    TopUpRequest request = new TopUpRequest(700, "CNY", "alipay-1", null);
    TopUpOutcome first = service.topUp("p", a.id(), "key-1", request);
    TopUpOutcome again = service.topUp("p", a.id(), "key-1", request);

    assertThat(again.replayed()).isTrue();
    assertThat(again.receipt()).isEqualTo(first.receipt());
    assertThat(again.status()).isEqualTo(201);
    assertThatThrownBy(() -> service.topUp("p", a.id(), "key-1", new TopUpRequest(701, "CNY", "alipay-1", null)))
        .isInstanceOf(PrepayExceptions.KeyReused.class);
    assertThat(account(a).balance()).isEqualTo(700);
  }

  @Test
  void idempotencyKeysAreKeptForTheRetentionThenPurged() {
    Account a = open("flat-1");
    TopUpRequest request = new TopUpRequest(100, "CNY", null, null);
    service.topUp("p", a.id(), "kept", request);

    assertThat(service.purgeIdempotencyKeys(new MutableClock(T0.plus(Duration.ofHours(47))))).isZero();
    assertThat(service.topUp("p", a.id(), "kept", request).replayed()).isTrue();
    assertThat(service.purgeIdempotencyKeys(new MutableClock(T0.plus(Duration.ofHours(49))))).isEqualTo(1);
    assertThat(service.topUp("p", a.id(), "kept", request).replayed()).isFalse();
    assertThat(account(a).balance()).isEqualTo(200);
  }

  @Test
  void aCrashAfterCommitIsRecoveredByTheRetryWithTheOriginalReceipt() {
    Account a = open("flat-1");
    service.afterTopUpCommit(() -> {
      throw new IllegalStateException("node died before answering");
    });
    TopUpRequest request = new TopUpRequest(1200, "CNY", "wechat-9", null);
    assertThatThrownBy(() -> service.topUp("p", a.id(), "crash-key", request))
        .isInstanceOf(IllegalStateException.class);
    service.afterTopUpCommit(() -> {});

    TopUpOutcome retry = service.topUp("p", a.id(), "crash-key", request);

    assertThat(retry.replayed()).isTrue();
    assertThat(retry.receipt().amount()).isEqualTo(1200);
    assertThat(account(a).balance()).isEqualTo(1200);
    assertThat(service.ledger(a.id(), 100, null).items()).hasSize(1);
  }

  @Test
  void reconciliationTotalsChannelsPerDayAndDetectsABrokenInvariant() {
    Account a = open("flat-1");
    topUpWith(a, "k1", 1000, "alipay-77", null);
    topUpWith(a, "k2", 2000, "alipay-78", null);
    TopUpReceipt bank = topUpWith(a, "k3", 500, "X1", "bank");
    service.reverseTopUp("admin", bank.id(), "duplicate transfer");

    Reconciliation r = service.reconcile(LocalDate.parse("2026-12-01"));

    assertThat(r.balanced()).isTrue();
    assertThat(r.accountsChecked()).isEqualTo(1);
    assertThat(r.channels()).containsExactly(
        new Reconciliation.ChannelTotal("alipay", "CNY", 2, 3000, 0, 0, 3000),
        new Reconciliation.ChannelTotal("bank", "CNY", 1, 500, 1, 500, 0));
    assertThat(service.reconcile(LocalDate.parse("2026-12-02")).channels()).isEmpty();

    TestDatabase.sql(db, "UPDATE prepay_accounts SET balance = balance + 1 WHERE id = '" + a.id() + "'");
    Reconciliation broken = service.reconcile(LocalDate.parse("2026-12-01"));
    assertThat(broken.balanced()).isFalse();
    assertThat(broken.mismatches()).singleElement().satisfies(m -> {
      assertThat(m.accountId()).isEqualTo(a.id());
      assertThat(m.balance() - m.ledgerSum()).isEqualTo(1);
    });
  }

  private TopUpReceipt topUpWith(Account a, String key, long amount, String reference, String channel) {
    return service.topUp("p", a.id(), key, new TopUpRequest(amount, "CNY", reference, channel)).receipt();
  }
}
