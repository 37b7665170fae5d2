package io.meterhub.platform.prepay;

import io.meterhub.platform.testsupport.MutableClock;
import io.meterhub.models.MeterReading;
import io.meterhub.models.MeterReading.TouRegisters;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;

/** Base of the prepayment contract tests: a fresh service over the test database with a hand-set clock. */
abstract class PrepayTestBase extends DbContractBase {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  MutableClock clock;
  ChainedAuditLog audit;
  RecordingSupplyControl supply;
  LatestDisplayPublisher display;
  PrepayService service;

  @BeforeEach
  void createService() {
    emptyPrepayTables(db);
    clock = new MutableClock(T0);
    audit = new ChainedAuditLog(db, clock);
    supply = new RecordingSupplyControl(new JdbcSupplyControl(db, audit, clock));
    display = new LatestDisplayPublisher();
    service = newService(db, PrepayConfig.defaults());
  }

  PrepayService newService(Database database, PrepayConfig config) {
    return new PrepayService(database, audit, supply, display, config, clock, meterId -> !meterId.startsWith("nx"));
  }

  static void emptyPrepayTables(Database db) {
    for (String table : new String[] {"prepay_ledger", "prepay_accounts", "prepay_tariffs", "prepay_idempotency",
        "prepay_supply_requests", "prepay_outbox"}) {
      TestDatabase.sql(db, "DELETE FROM " + table);
    }
  }

  void flat(String id, String price) {
    service.createTariff("admin", new JsonObject().put("id", id).put("currency", "CNY").put("type", "flat")
        .put("pricePerKwh", price));
  }

  Account open(String tariffId, CreditPolicy policy) {
    return service.openAccount("admin", new NewAccount("m-" + UUID.randomUUID(), tariffId, "CNY", policy, 0));
  }

  Account open(String tariffId) {
    return open(tariffId, CreditPolicy.defaults());
  }

  Account account(Account a) {
    return service.account(a.id()).orElseThrow();
  }

  ChargeOutcome read(Account a, Instant at, long wh) {
    return service.chargeReading(new IngestedReading(a.meterId(),
        new MeterReading(at, wh, null, null, null, null, null, null, null), at));
  }

  ChargeOutcome readTou(Account a, Instant at, long sharp, long peak, long flat, long valley) {
    TouRegisters tou = new TouRegisters(sharp, peak, flat, valley, null, null);
    return service.chargeReading(new IngestedReading(a.meterId(),
        new MeterReading(at, sharp + peak + flat + valley, null, null, null, null, null, null, tou), at));
  }

  TopUpOutcome topUp(Account a, long amount) {
    return service.topUp("payments", a.id(), UUID.randomUUID().toString(),
        new TopUpRequest(amount, "CNY", "pay-" + UUID.randomUUID(), null));
  }

  /** The meter confirms the relay state of the latest order (as the command pipeline reports it). */
  void confirmLatest(Account a, boolean relayOpen) {
    assertThat(service.supplyOutcome(a.meterId(), relayOpen, supply.lastOrder(), SupplyOutcome.CONFIRMED)).isTrue();
  }

  static CreditPolicy policy(long low, long emergency) {
    CreditPolicy d = CreditPolicy.defaults();
    return new CreditPolicy(low, emergency, d.reconnectThreshold(), d.friendlyPeriods(), d.specialDays(), d.zone(),
        d.debtRecoveryPercent(), d.debtRecoveryCap(), d.debtRecoveryPeriodDays(), d.protectedCustomer());
  }
}
