package io.meterhub.platform;

import static io.meterhub.platform.PlatformFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.PrepaymentDisplay;
import io.meterhub.models.client.SimulatedMeter;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The money path on a real node: a real meter's register deltas are charged to its account, top-ups are idempotent,
 * credit exhaustion trips the meter's relay and a top-up reconnects it.
 */
@Timeout(180)
class PrepaymentEndToEndTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void consumptionIsChargedExhaustionTripsAndTopUpReconnects(@TempDir Path dataDir) throws Exception {
    // a short charge hold: the readings of an account with a credit margin are still held, for 2 s instead of 30
    try (PlatformFixture platform = PlatformFixture.start(dataDir, "prepay-" + UUID.randomUUID(), 1, List.of(),
        io.meterhub.platform.command.CommandSettings.defaults(), Map.of("METERHUB_CHARGE_HOLD_SECONDS", "2"))) {
      String id = "urn:imei:861234567892001";
      String key = "b2".repeat(16);
      platform.createMeter(id, "KPM31", "north/feeder-12", "861234567892001", key);
      String account = openFlatTariffAccount(platform, id, 0);

      JsonObject topUp = new JsonObject().put("amount", 1000).put("currency", "CNY").put("reference", "pay-e2e-1");
      JsonObject receipt = platform.post("/api/v1/accounts/" + account + "/topups", topUp, 201, "Idempotency-Key", "k1");
      JsonObject replay = platform.post("/api/v1/accounts/" + account + "/topups", topUp, 201, "Idempotency-Key", "k1");
      assertThat(receipt.getLong("balanceAfter")).isEqualTo(1000);
      assertThat(replay.getString("receiptNo")).isEqualTo(receipt.getString("receiptNo"));

      try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567892001", key)) {
        meter.singlePhaseMeter().setEnergyWh(10_000);
        meter.start();
        assertThat(meter.awaitRegistered(WAIT)).isTrue();
        await("the first register value is known", WAIT,
            () -> latestEnergy(platform, id) == 10.0, () -> SessionDiagnostics.describe(platform, meter, id));

        meter.addEnergyWh(2_500);
        await(
            "2.5 kWh at 1.0000/kWh is charged",
            WAIT,
            () -> platform.getJson("/api/v1/accounts/" + account).getLong("balance") == 750);

        meter.addEnergyWh(8_000);
        await("credit exhaustion trips the meter's relay", WAIT, () -> !meter.powerControl().isOn());
        assertThat(platform.getJson("/api/v1/accounts/" + account).getLong("balance")).isEqualTo(-50);
        await("the confirmed trip makes the account disconnected", WAIT, () -> "disconnected".equals(
            platform.getJson("/api/v1/accounts/" + account).getString("creditState")));

        platform.post(
            "/api/v1/accounts/" + account + "/topups",
            new JsonObject().put("amount", 500).put("currency", "CNY").put("reference", "pay-e2e-2"),
            201,
            "Idempotency-Key",
            "k2");
        await("the top-up reconnects the supply", WAIT, () -> meter.powerControl().isOn());
        await("the confirmed reconnection makes the account ok", WAIT, () -> "ok".equals(
            platform.getJson("/api/v1/accounts/" + account).getString("creditState")));
        assertThat(platform.getJson("/api/v1/accounts/" + account).getJsonObject("supplyOrder").getString("status"))
            .isEqualTo("confirmed");
      }
      JsonObject ledger = platform.getJson("/api/v1/accounts/" + account + "/ledger");
      assertThat(ledger.getJsonArray("items").stream().map(e -> ((JsonObject) e).getLong("amount")))
          .containsExactlyInAnyOrder(1000L, -250L, -800L, 500L);
    }
  }

  @Test
  void anOfflineMeterStaysExhaustedUntilItComesBackAndConfirmsTheTrip(@TempDir Path dataDir) throws Exception {
    try (PlatformFixture platform = PlatformFixture.start(dataDir, "offline-" + UUID.randomUUID(), 1, List.of())) {
      String id = "urn:imei:861234567892003";
      String key = "d4".repeat(16);
      platform.createMeter(id, "KPM31", "north/feeder-12", "861234567892003", key);
      String account = openFlatTariffAccount(platform, id, 0);
      String path = "/api/v1/accounts/" + account;
      platform.post(path + "/topups", new JsonObject().put("amount", 500).put("currency", "CNY")
          .put("reference", "pay-offline-1"), 201, "Idempotency-Key", "o1");

      try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567892003", key)) {
        meter.singlePhaseMeter().setEnergyWh(10_000);
        meter.start();
        assertThat(meter.awaitRegistered(WAIT)).isTrue();
        await("credit ok is shown", WAIT, () -> shows(meter, 500));
        meter.stop(false); // offline without deregistering (4G dropped)

        // A billing correction exhausts the credit while the meter cannot be reached.
        platform.post(path + "/adjustments", new JsonObject().put("amount", -600).put("reason", "back-billing"), 201);
        JsonObject exhausted = platform.getJson(path);
        assertThat(exhausted.getString("creditState")).isEqualTo("exhausted");
        assertThat(exhausted.getJsonObject("supplyOrder").getString("action")).isEqualTo("disconnect");
        assertThat(exhausted.getJsonObject("supplyOrder").getString("status")).isEqualTo("pending");
        // The order and the alarm follow the committed decision on the meter's lane, moments later.
        await("the disconnect command is issued", WAIT,
            () -> platform.getJson(path).getJsonObject("supplyOrder").getString("commandId") != null);
        assertThat(meter.powerControl().isOn()).isTrue();
        await("the credit alarm is open", WAIT, () -> platform.getJson("/api/v1/alarms?state=open")
            .getJsonArray("items").stream()
            .anyMatch(a -> "credit_exhausted".equals(((JsonObject) a).getString("cause"))));

        meter.start(); // back online: the held command is delivered and confirmed
        await("the returning meter's relay is opened", WAIT, () -> !meter.powerControl().isOn());
        await("the confirmed trip makes the account disconnected", WAIT,
            () -> "disconnected".equals(platform.getJson(path).getString("creditState")));
      }
      JsonObject events = platform.getJson("/api/v1/events?type=credit_disconnected");
      assertThat(events.getJsonArray("items")).hasSize(1);
      assertThat(((JsonObject) events.getJsonArray("items").getValue(0)).getString("meterId")).isEqualTo(id);
    }
  }

  @Test
  void theMetersDisplayFollowsTopUpsAndCharges(@TempDir Path dataDir) throws Exception {
    // a short throttle, so that the charge (balance down, state unchanged) waits for it and is then shown; a short
    // charge hold
    try (PlatformFixture platform = PlatformFixture.start(dataDir, "display-" + UUID.randomUUID(), 1, List.of(),
        io.meterhub.platform.command.CommandSettings.defaults(),
        Map.of("METERHUB_DISPLAY_MIN_INTERVAL_SECONDS", "2", "METERHUB_CHARGE_HOLD_SECONDS", "2"))) {
      String id = "urn:imei:861234567892002";
      String key = "c3".repeat(16);
      platform.createMeter(id, "KPM31", "north/feeder-12", "861234567892002", key);
      String account = openFlatTariffAccount(platform, id, 200);
      String topUps = "/api/v1/accounts/" + account + "/topups";
      platform.post(
          topUps,
          new JsonObject().put("amount", 300).put("currency", "CNY").put("reference", "pay-display-1"),
          201,
          "Idempotency-Key",
          "d1");

      try (SimulatedMeter meter = platform.meter(id, "KPM31", "861234567892002", key)) {
        meter.singlePhaseMeter().setEnergyWh(10_000);
        meter.start();
        assertThat(meter.awaitRegistered(WAIT)).isTrue();
        await("the top-up made while offline reaches the display", WAIT, () -> shows(meter, 300));
        assertThat(meter.prepaymentDisplay().display())
            .contains(new PrepaymentDisplay(300, "CNY", PrepaymentDisplay.STATE_NORMAL, true, false));
        await("the first register value is known", WAIT,
            () -> latestEnergy(platform, id) == 10.0, () -> SessionDiagnostics.describe(platform, meter, id));

        platform.post(
            topUps,
            new JsonObject().put("amount", 700).put("currency", "CNY").put("reference", "pay-display-2"),
            201,
            "Idempotency-Key",
            "d2");
        await("a top-up of an online meter is shown", WAIT, () -> shows(meter, 1000));

        meter.addEnergyWh(2_500);
        await("the charge for 2.5 kWh is shown", WAIT, () -> shows(meter, 750));
        assertThat(meter.prepaymentDisplay().display().orElseThrow().creditState())
            .isEqualTo(PrepaymentDisplay.STATE_NORMAL);

        meter.addEnergyWh(7_000);
        await("low credit is shown", WAIT, () -> shows(meter, 50));
        assertThat(meter.prepaymentDisplay().display())
            .contains(new PrepaymentDisplay(50, "CNY", PrepaymentDisplay.STATE_LOW, true, true));

        meter.addEnergyWh(1_500);
        await("emergency credit in use is shown", WAIT, () -> shows(meter, -100));
        assertThat(meter.prepaymentDisplay().display())
            .contains(new PrepaymentDisplay(-100, "CNY", PrepaymentDisplay.STATE_EMERGENCY, true, true));
        assertThat(meter.powerControl().isOn()).as("emergency credit keeps the supply on").isTrue();
        assertThat(meter.prepaymentDisplay().writeCount()).isGreaterThanOrEqualTo(5);
      }
      String commands =
          "/api/v1/meters/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8) + "/commands";
      JsonObject newest = (JsonObject) platform.getJson(commands).getJsonArray("items").getValue(0);
      assertThat(newest.getString("type")).isEqualTo("display");
      assertThat(newest.getString("status")).isEqualTo("confirmed");
      assertThat(newest.getString("target")).isEqualTo("-100 CNY emergency emergency=yes warning=yes");
      assertThat(newest.getString("actor")).isEqualTo("system:prepay");
    }
  }

  private static boolean shows(SimulatedMeter meter, long balance) {
    return meter.prepaymentDisplay().display().map(d -> d.balanceMinor() == balance).orElse(false);
  }

  /**
   * Creates the flat tariff (1.0000 CNY/kWh) and opens the meter's account: low credit at 100, the given emergency
   * credit, reconnect above 0, never friendly. Returns the account id.
   */
  private static String openFlatTariffAccount(PlatformFixture platform, String meterId, long emergencyCredit) {
    platform.post(
        "/api/v1/tariffs",
        new JsonObject().put("id", "flat-1").put("currency", "CNY").put("type", "flat").put("pricePerKwh", "1.0000"),
        201);
    JsonObject policy =
        new JsonObject()
            .put("lowCreditThreshold", 100)
            .put("emergencyCredit", emergencyCredit)
            .put("reconnectThreshold", 0)
            .put("friendlyPeriods", new io.vertx.core.json.JsonArray());
    JsonObject account =
        new JsonObject().put("meterId", meterId).put("tariffId", "flat-1").put("currency", "CNY").put("policy", policy);
    return platform.post("/api/v1/accounts", account, 201).getString("id");
  }

  private static double latestEnergy(PlatformFixture platform, String id) {
    JsonObject latest =
        platform
            .getJson("/api/v1/meters/" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8))
            .getJsonObject("latest");
    return latest == null || latest.getValue("activeEnergyKwh") == null ? -1 : latest.getDouble("activeEnergyKwh");
  }
}
