package io.meterhub.platform.prepay;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.store.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The charger's queue, batches and hold, on H2 (the charging rules themselves: TariffChargingContractTest). */
class ConsumptionChargerTest extends PrepayTestBase {

  private static final Duration AN_HOUR = Duration.ofHours(1);

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }

  @Test
  void chargesQueuedReadingsOffTheCallersThread() throws Exception {
    flat("flat-1", "1.0000");
    Account a = open("flat-1");
    try (ConsumptionCharger charger = new ConsumptionCharger(service, 1000)) {
      for (int i = 0; i <= 100; i++) {
        charger.accept(reading(a.meterId(), 60L * i, 10_000L + 100L * i));
      }
      await(() -> charger.processed() == 101);
      assertThat(charger.failed()).isZero();
    }
    assertThat(account(a).balance()).isEqualTo(-1_000); // 10 kWh
    assertThat(display.peek(a.meterId())).hasValueSatisfying(d -> assertThat(d.balanceMinor()).isEqualTo(-1_000));
  }

  @Test
  void holdsReadingsOfAnAccountInCreditAndOfAMeterWithoutOneAndChargesThemAllWhenClosed() throws Exception {
    Account a = wellInCredit();
    ConsumptionCharger charger = new ConsumptionCharger(service, 1000, 100, AN_HOUR);
    try (charger) {
      charger.accept(reading(a.meterId(), 0, 0)); // never charged on this node: at once (the baseline)
      charger.accept(reading("meter-without-account", 0, 0));
      await(() -> charger.processed() == 2);
      for (int i = 1; i <= 3; i++) {
        charger.accept(reading(a.meterId(), 60L * i, 1_000L * i));
      }
      charger.accept(reading("meter-without-account", 60, 1_000));
      await(() -> charger.held() == 4);

      assertThat(charger.processed()).isEqualTo(2);
      assertThat(account(a).balance()).isEqualTo(10_000);
    }
    assertThat(charger.held()).isZero();
    assertThat(charger.processed()).isEqualTo(6);
    assertThat(account(a).balance()).isEqualTo(9_700);
    // each held reading charged by the same rules as alone: one entry per kWh step
    assertThat(service.ledger(a.id(), 100, null).items()).extracting(LedgerEntry::amount)
        .containsExactly(10_000L, -100L, -100L, -100L);
  }

  @Test
  void chargesEveryReadingOfAnAccountWithLessCreditLeftThanItsThresholdAtOnce() throws Exception {
    flat("flat-1", "1.0000");
    Account a = open("flat-1", policy(500, 0));
    topUp(a, 300); // 300 left before exhaustion, threshold 500
    try (ConsumptionCharger charger = new ConsumptionCharger(service, 1000, 100, AN_HOUR)) {
      chargeBaseline(charger, a);
      for (int i = 1; i <= 4; i++) {
        charger.accept(reading(a.meterId(), 60L * i, 1_000L * i));
      }
      await(() -> charger.processed() == 5); // an hour's hold would still hold them

      assertThat(charger.held()).isZero();
      Account after = account(a);
      assertThat(after.balance()).isEqualTo(-100);
      assertThat(after.creditState()).isEqualTo(CreditState.EXHAUSTED);
      assertThat(supply.calls).containsExactly("disconnect " + a.meterId()); // ordered at the exhausting reading
    }
  }

  @Test
  void holdsReadingsOfAnAccountLowOnCreditWithEmergencyCreditBeyondItsThreshold() throws Exception {
    flat("flat-1", "1.0000");
    Account a = open("flat-1", policy(500, 1_000));
    topUp(a, 300); // low, but 1,300 left before exhaustion
    ConsumptionCharger charger = new ConsumptionCharger(service, 1000, 100, AN_HOUR);
    try (charger) {
      chargeBaseline(charger, a);
      charger.accept(reading(a.meterId(), 60, 1_000));
      await(() -> charger.held() == 1);

      assertThat(account(a).creditState()).isEqualTo(CreditState.LOW);
      assertThat(account(a).balance()).isEqualTo(300);
    }
    assertThat(account(a).balance()).isEqualTo(200);
  }

  @Test
  void releasesTheLongestWaitingMeterEarlyWhenMoreReadingsWaitThanTheQueueHolds() throws Exception {
    Account a = wellInCredit();
    try (ConsumptionCharger charger = new ConsumptionCharger(service, 2, 100, AN_HOUR)) {
      chargeBaseline(charger, a);
      charger.accept(reading(a.meterId(), 60, 1_000));
      await(() -> charger.held() == 1);
      charger.accept(reading(a.meterId(), 120, 2_000));
      await(() -> charger.held() == 2);
      charger.accept(reading(a.meterId(), 180, 3_000)); // a third would exceed the capacity of 2

      await(() -> charger.processed() == 4);
      assertThat(charger.held()).isZero();
      assertThat(account(a).balance()).isEqualTo(9_700);
    }
  }

  @Test
  void publishesWhatItChargedHoldsAndDropsAsMetrics() throws Exception {
    Account a = wellInCredit();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ConsumptionCharger charger = new ConsumptionCharger(service, 1000, 100, AN_HOUR);
    charger.bindMetrics(registry);
    try (charger) {
      chargeBaseline(charger, a);
      charger.accept(reading(a.meterId(), 60, 1_000));
      charger.accept(reading(a.meterId(), 120, 2_000));
      await(() -> charger.held() == 2);

      assertThat(registry.get("meterhub.charger.held").gauge().value()).isEqualTo(2);
      assertThat(registry.get("meterhub.charger.backlog").gauge().value()).isZero();
      assertThat(readings(registry, "charged")).isEqualTo(1);
    }
    charger.accept(reading(a.meterId(), 180, 3_000)); // closed: refused

    assertThat(readings(registry, "charged")).isEqualTo(3);
    assertThat(readings(registry, "dropped")).isEqualTo(1);
    assertThat(readings(registry, "failed")).isZero();
    assertThat(registry.get("meterhub.charger.held").gauge().value()).isZero();
  }

  /** An account on a flat tariff of 1.00 per kWh with 100.00 of credit and a low-credit threshold of 1.00. */
  private Account wellInCredit() {
    flat("flat-1", "1.0000");
    Account a = open("flat-1", policy(100, 0));
    topUp(a, 10_000);
    return a;
  }

  /** The meter's first reading on this node: charged at once, and then the charger knows the account. */
  private static void chargeBaseline(ConsumptionCharger charger, Account a) throws InterruptedException {
    charger.accept(reading(a.meterId(), 0, 0));
    await(() -> charger.processed() == 1);
  }

  private static double readings(SimpleMeterRegistry registry, String outcome) {
    return registry.get("meterhub.charger.readings").tag("outcome", outcome).functionCounter().count();
  }

  private static IngestedReading reading(String meterId, long seconds, long wh) {
    Instant at = T0.plusSeconds(seconds);
    return new IngestedReading(meterId, new MeterReading(at, wh, null, null, null, null, null, null, null), at);
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition within 60 s").isTrue();
  }
}
