package io.meterhub.platform.prepay;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The effects of a money change are carried out on the meter's lane: a top-up answers without waiting for its relay
 * order, and a meter's orders go out in the order of the decisions (the reconnect never overtakes the disconnect).
 */
@Timeout(60)
class MoneyEffectsLaneTest extends PrepayTestBase {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }

  @Test
  void aTopUpAnswersBeforeItsRelayOrderAndOrdersKeepTheirOrder() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    RecordingSupplyControl gated = new RecordingSupplyControl(new SupplyControl() {
      @Override
      public String disconnect(String meterId, String reason) {
        await(gate);
        return "held";
      }

      @Override
      public String reconnect(String meterId, String reason) {
        return "held";
      }
    });
    try (MeterLanes lanes = new MeterLanes("test-effects", 2)) {
      PrepayService lanesService = new PrepayService(db, audit, gated, display, CreditAlerts.NONE,
          PrepayConfig.defaults(), clock, meterId -> true, lanes);
      flat("flat-1", "1.0000");
      Account a = lanesService.openAccount("admin", new NewAccount("m-lane", "flat-1", "CNY", policy(0, 0), 0));
      lanesService.topUp("payments", a.id(), "k-1", new TopUpRequest(100, "CNY", "p-1", null));
      lanesService.chargeReading(reading(a, 0, 0));
      lanesService.chargeReading(reading(a, 60, 1_000)); // 1 kWh = 100: exhausted, the disconnect waits at the gate
      awaitCalls(gated, 1);

      TopUpOutcome paid = lanesService.topUp("payments", a.id(), "k-2", new TopUpRequest(500, "CNY", "p-2", null));

      assertThat(paid.status()).isEqualTo(201);
      assertThat(lanesService.account(a.id()).orElseThrow().balance()).isEqualTo(500);
      assertThat(gated.calls).as("the reconnect waits behind the meter's disconnect").isEqualTo(
          List.of("disconnect m-lane"));
      gate.countDown();
      awaitCalls(gated, 2);
      assertThat(gated.calls).containsExactly("disconnect m-lane", "reconnect m-lane");
    }
  }

  private static void awaitCalls(RecordingSupplyControl supply, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (supply.calls.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private static IngestedReading reading(Account a, long seconds, long wh) {
    Instant at = T0.plusSeconds(seconds);
    return new IngestedReading(a.meterId(), new MeterReading(at, wh, null, null, null, null, null, null, null), at);
  }

  private static void await(CountDownLatch gate) {
    try {
      if (!gate.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
