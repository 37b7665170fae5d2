package io.meterhub.platform.prepay;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.store.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Consumption and standing charges for every tariff type; run on H2 and PostgreSQL. */
abstract class TariffChargingContractTest extends PrepayTestBase {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  private List<LedgerEntry> ledger(Account a) {
    return service.ledger(a.id(), 1000, null).items();
  }

  private long ledgerSum(Account a) {
    return ledger(a).stream().mapToLong(LedgerEntry::amount).sum();
  }

  @Test
  void flatTariffChargesTheRegisterDelta() {
    flat("flat-1", "1.0000");
    Account a = open("flat-1");

    assertThat(read(a, T0, 1_000)).isEqualTo(ChargeOutcome.BASELINE);
    assertThat(read(a, T0.plusSeconds(3600), 3_500)).isEqualTo(ChargeOutcome.CHARGED);

    assertThat(account(a).balance()).isEqualTo(-250);
    List<LedgerEntry> entries = ledger(a);
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo(LedgerType.CONSUMPTION);
      assertThat(e.amount()).isEqualTo(-250);
      assertThat(e.balanceAfter()).isEqualTo(-250);
      assertThat(new JsonObject(e.details()).getLong("energyWh")).isEqualTo(2_500);
    });
    assertThat(account(a).lastReadingAt()).isEqualTo(T0.plusSeconds(3600));
  }

  @Test
  void replayedAndOutOfOrderReadingsChangeNothing() {
    flat("flat-1", "1.0000");
    Account a = open("flat-1");
    read(a, T0, 1_000);
    read(a, T0.plusSeconds(3600), 3_500);

    assertThat(read(a, T0.plusSeconds(3600), 3_500)).isEqualTo(ChargeOutcome.IGNORED);
    assertThat(read(a, T0.plusSeconds(1800), 2_000)).isEqualTo(ChargeOutcome.IGNORED);
    assertThat(read(a, T0, 1_000)).isEqualTo(ChargeOutcome.IGNORED);
    assertThat(account(a).balance()).isEqualTo(-250);
    assertThat(ledger(a)).hasSize(1);

    // The next reading is charged from the last charged register, not from the stale one.
    read(a, T0.plusSeconds(7200), 4_500);
    assertThat(account(a).balance()).isEqualTo(-350);
    assertThat(ledgerSum(a)).isEqualTo(-350);
  }

  @Test
  void registerGoingBackwardsIsFlaggedAuditedAndNotCharged() {
    flat("flat-1", "1.0000");
    Account a = open("flat-1");
    read(a, T0, 5_000);

    assertThat(read(a, T0.plusSeconds(60), 4_000)).isEqualTo(ChargeOutcome.BACKWARDS);
    assertThat(read(a, T0.plusSeconds(120), 4_100)).isEqualTo(ChargeOutcome.BACKWARDS);

    Account after = account(a);
    assertThat(after.balance()).isZero();
    assertThat(after.flags()).contains(Account.FLAG_REGISTER_BACKWARDS);
    Page<io.meterhub.platform.audit.AuditEntry> audits =
        audit.list(new AuditQuery(null, "prepay.register_backwards", null, null, 10, null));
    assertThat(audits.items()).hasSize(1);
    assertThat(audits.items().get(0).target()).isEqualTo(a.id());

    read(a, T0.plusSeconds(180), 6_000);
    assertThat(account(a).balance()).isEqualTo(-100);
  }

  @Test
  void readingsWithoutAccountOrRegisterChangeNothing() {
    flat("flat-1", "1.0000");
    Account a = open("flat-1");
    MeterReading noRegister = new MeterReading(T0, null, 230.0, 1.0, null, null, null, null, null);

    assertThat(service.chargeReading(new IngestedReading(a.meterId(), noRegister, T0)))
        .isEqualTo(ChargeOutcome.NO_REGISTER);
    assertThat(service.chargeReading(new IngestedReading("other", noRegister, T0)))
        .isEqualTo(ChargeOutcome.NO_ACCOUNT);
    assertThat(account(a).lastReadingAt()).isNull();
  }

  @Test
  void roundingCarriesTheRemainderSoSmallDeltasSumExactly() {
    flat("third", "0.3333");
    Account a = open("third");
    read(a, T0, 0);
    for (int i = 1; i <= 1000; i++) {
      read(a, T0.plusSeconds(i), i); // +1 Wh each: 0.03333 fen, never a whole fen on its own
    }
    // 1000 Wh × 0.3333 CNY/kWh = 33.33 fen: 33 charged, 0.33 carried (per-reading rounding would give 0 or 1000).
    assertThat(account(a).balance()).isEqualTo(-33);
    assertThat(ledgerSum(a)).isEqualTo(-33);
    for (int i = 1001; i <= 1003; i++) {
      read(a, T0.plusSeconds(i), i);
    }
    assertThat(account(a).balance()).isEqualTo(-33); // 33.4299 fen
    read(a, T0.plusSeconds(1010), 1010); // 33.6633
    read(a, T0.plusSeconds(1011), 1011); // 33.6966
    read(a, T0.plusSeconds(1021), 1021); // 34.0299 → the 34th fen
    assertThat(account(a).balance()).isEqualTo(-34);
  }

  private JsonObject touTariff(String id) {
    JsonArray winterWeekday = new JsonArray()
        .add(sw("00:00", "valley")).add(sw("08:00", "peak")).add(sw("18:00", "sharp")).add(sw("21:00", "peak"))
        .add(sw("23:00", "valley"));
    JsonArray summerWeekday = new JsonArray().add(sw("00:00", "valley")).add(sw("10:00", "sharp"))
        .add(sw("16:00", "peak"));
    JsonArray weekend = new JsonArray().add(sw("00:00", "valley"));
    return new JsonObject().put("id", id).put("currency", "CNY").put("type", "tou").put("timeZone", "Asia/Shanghai")
        .put("bands", new JsonObject().put("sharp", "2.0").put("peak", "1.0").put("flat", "0.8").put("valley", "0.5"))
        .put("seasons", new JsonArray()
            .add(new JsonObject().put("name", "winter").put("fromMonth", 11).put("toMonth", 2)
                .put("weekday", winterWeekday).put("weekend", weekend))
            .add(new JsonObject().put("name", "summer").put("fromMonth", 3).put("toMonth", 10)
                .put("weekday", summerWeekday).put("weekend", weekend)));
  }

  private static JsonObject sw(String from, String band) {
    return new JsonObject().put("from", from).put("band", band);
  }

  private static Instant local(String dateTime) {
    return java.time.LocalDateTime.parse(dateTime).atZone(SHANGHAI).toInstant();
  }

  @Test
  void touWithoutRegistersPricesTheDeltaByTheBandAtTheReadingAcrossBandDayAndSeason() {
    service.createTariff("admin", touTariff("tou-1"));
    Account a = open("tou-1");
    read(a, local("2026-12-01T06:00"), 0);

    read(a, local("2026-12-01T07:59"), 1_000); // Tuesday, winter: valley 0.5 → 50
    assertThat(account(a).balance()).isEqualTo(-50);
    read(a, local("2026-12-01T08:00"), 2_000); // band boundary: peak 1.0 → 100
    assertThat(account(a).balance()).isEqualTo(-150);
    read(a, local("2026-12-01T18:30"), 3_000); // sharp 2.0 → 200
    assertThat(account(a).balance()).isEqualTo(-350);
    read(a, local("2026-12-05T18:30"), 4_000); // Saturday: weekend valley → 50
    assertThat(account(a).balance()).isEqualTo(-400);
    read(a, local("2027-03-03T11:00"), 5_000); // Wednesday in summer: sharp → 200
    assertThat(account(a).balance()).isEqualTo(-600);
    read(a, local("2027-11-04T11:00"), 6_000); // Thursday, winter again: peak → 100
    assertThat(account(a).balance()).isEqualTo(-700);
    assertThat(ledgerSum(a)).isEqualTo(-700);
  }

  @Test
  void touWithRegistersChargesEachBandDeltaAtItsPrice() {
    service.createTariff("admin", touTariff("tou-1"));
    Account a = open("tou-1");
    readTou(a, local("2026-12-01T06:00"), 1_000, 1_000, 1_000, 1_000);

    readTou(a, local("2026-12-01T06:30"), 1_100, 1_200, 1_300, 1_400);

    // sharp 0.1 kWh × 2.0 = 20, peak 0.2 × 1.0 = 20, flat 0.3 × 0.8 = 24, valley 0.4 × 0.5 = 20
    assertThat(account(a).balance()).isEqualTo(-84);
    assertThat(new JsonObject(ledger(a).get(0).details()).getJsonObject("bandsWh").getLong("flat")).isEqualTo(300);
  }

  @Test
  void inclineBlockTiersResetAtMonthStart() {
    service.createTariff("admin", new JsonObject().put("id", "block-1").put("currency", "CNY").put("type", "block")
        .put("tiers", new JsonArray()
            .add(new JsonObject().put("upToKwh", "10").put("price", "0.5"))
            .add(new JsonObject().put("upToKwh", "20").put("price", "1.0"))
            .add(new JsonObject().put("price", "2.0"))));
    Account a = open("block-1");
    read(a, Instant.parse("2026-11-30T00:00:00Z"), 0);

    read(a, Instant.parse("2026-11-30T10:00:00Z"), 8_000); // 8 kWh × 0.5 = 400
    assertThat(account(a).balance()).isEqualTo(-400);
    read(a, Instant.parse("2026-11-30T20:00:00Z"), 13_000); // 2 × 0.5 + 3 × 1.0 = 400
    assertThat(account(a).balance()).isEqualTo(-800);
    read(a, Instant.parse("2026-12-01T00:30:00Z"), 18_000); // new month: 5 × 0.5 = 250
    assertThat(account(a).balance()).isEqualTo(-1_050);
    read(a, Instant.parse("2026-12-20T00:00:00Z"), 38_000); // 5 × 0.5 + 10 × 1.0 + 5 × 2.0 = 2250
    assertThat(account(a).balance()).isEqualTo(-3_300);
  }

  @Test
  void standingChargeIsChargedOncePerDayAndCatchesUpMissedDays() {
    service.createTariff("admin", new JsonObject().put("id", "sc").put("currency", "CNY").put("type", "flat")
        .put("pricePerKwh", "1.0").put("standingChargePerDay", "0.333333"));
    Account a = open("sc");

    assertThat(service.applyStandingCharges(clock)).isEqualTo(1); // Dec 1: 33.3333 fen → 33
    assertThat(service.applyStandingCharges(clock)).isZero();
    assertThat(account(a).balance()).isEqualTo(-33);

    clock.set(Instant.parse("2026-12-03T23:59:00Z"));
    assertThat(service.applyStandingCharges(Clock.fixed(clock.instant(), ZoneOffset.UTC))).isEqualTo(2);
    assertThat(account(a).balance()).isEqualTo(-99); // 99.9999 fen carried exactly
    clock.set(Instant.parse("2026-12-04T00:01:00Z"));
    service.applyStandingCharges(clock);
    assertThat(account(a).balance()).isEqualTo(-133);
    assertThat(ledger(a)).extracting(LedgerEntry::type).containsOnly(LedgerType.STANDING_CHARGE).hasSize(4);
  }

  @Test
  void standingChargesTouchOnlyAccountsWithADayDueInTheirTariffsZone() {
    service.createTariff("admin", new JsonObject().put("id", "sc-utc").put("currency", "CNY").put("type", "flat")
        .put("pricePerKwh", "1.0").put("standingChargePerDay", "0.10"));
    service.createTariff("admin", new JsonObject().put("id", "sc-cn").put("currency", "CNY").put("type", "flat")
        .put("pricePerKwh", "1.0").put("standingChargePerDay", "0.10").put("timeZone", "Asia/Shanghai"));
    Account utc = open("sc-utc");
    Account shanghai = open("sc-cn");
    assertThat(service.applyStandingCharges(clock)).isEqualTo(2); // Dec 1 for both

    // Later the same day in both zones: nothing is due, and no account row is written (its updatedAt stays)
    Instant charged = account(utc).updatedAt();
    clock.set(Instant.parse("2026-12-01T15:00:00Z"));
    assertThat(service.applyStandingCharges(clock)).isZero();
    assertThat(account(utc).updatedAt()).isEqualTo(charged);
    assertThat(account(shanghai).updatedAt()).isEqualTo(charged);

    // 16:30 UTC is already Dec 2 in Shanghai (UTC+8), still Dec 1 in UTC: only the Shanghai account is due
    clock.set(Instant.parse("2026-12-01T16:30:00Z"));
    assertThat(service.applyStandingCharges(clock)).isEqualTo(1);
    assertThat(account(shanghai).balance()).isEqualTo(-20);
    assertThat(account(utc).balance()).isEqualTo(-10);
    assertThat(account(utc).updatedAt()).isEqualTo(charged);
  }

  @Test
  void aTariffWithoutStandingChargeWritesNoAccountAndALaterVersionWithOneChargesFromItsActiveFrom() {
    flat("flat-1", "1.0");
    Account a = open("flat-1");
    Instant opened = account(a).updatedAt();
    clock.set(Instant.parse("2026-12-02T10:00:00Z"));

    assertThat(service.applyStandingCharges(clock)).isZero();
    assertThat(account(a).updatedAt()).isEqualTo(opened);

    service.addTariffVersion("admin", "flat-1", new JsonObject().put("id", "flat-1").put("currency", "CNY")
        .put("type", "flat").put("pricePerKwh", "1.0").put("standingChargePerDay", "0.10")
        .put("activeFrom", "2026-12-03T00:00:00Z"));
    clock.set(Instant.parse("2026-12-03T10:00:00Z"));
    service.applyStandingCharges(clock);

    assertThat(ledger(a)).extracting(LedgerEntry::amount).containsExactly(-10L); // Dec 3 only
  }

  @Test
  void scheduledTariffVersionPricesReadingsFromItsActiveFrom() {
    flat("flat-1", "1.0000");
    service.addTariffVersion("admin", "flat-1", new JsonObject().put("id", "flat-1").put("currency", "CNY")
        .put("type", "flat").put("pricePerKwh", "2.0").put("activeFrom", "2026-12-02T00:00:00Z"));
    Account a = open("flat-1");
    read(a, T0, 0);

    read(a, Instant.parse("2026-12-01T23:00:00Z"), 1_000);
    read(a, Instant.parse("2026-12-02T01:00:00Z"), 2_000);

    assertThat(ledger(a)).extracting(LedgerEntry::amount).containsExactly(-100L, -200L);
    assertThat(service.tariff("flat-1")).hasSize(2);
  }

  @Test
  void aBatchChargesEveryMeterInOneTransactionWithTheSameRules() {
    flat("flat-1", "1.0000");
    Account a = open("flat-1");
    Account b = open("flat-1");
    read(a, T0, 0);
    read(b, T0, 0);
    List<IngestedReading> batch = List.of(
        reading(a, 60, 1_000), reading(b, 60, 500), reading(a, 30, 400), reading(a, 60, 1_000),
        reading(a, 120, 2_000), new IngestedReading("unknown-meter", MeterReading.empty(T0), T0));

    assertThat(service.chargeReadings(batch)).containsOnlyKeys(a.meterId(), b.meterId());

    assertThat(account(a).balance()).isEqualTo(-200); // 400 (older) and the repeat at 60 s are ignored
    assertThat(account(b).balance()).isEqualTo(-50);
    assertThat(ledgerSum(a)).isEqualTo(-200);
  }

  private static IngestedReading reading(Account a, long seconds, long wh) {
    Instant at = T0.plusSeconds(seconds);
    return new IngestedReading(a.meterId(), new MeterReading(at, wh, null, null, null, null, null, null, null), at);
  }
}
