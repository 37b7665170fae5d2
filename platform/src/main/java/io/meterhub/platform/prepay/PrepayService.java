package io.meterhub.platform.prepay;

import io.meterhub.platform.audit.AuditLog;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.FieldErrors;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.prepay.tariff.JdbcTariffStore;
import io.meterhub.platform.prepay.tariff.Tariff;
import io.meterhub.platform.prepay.tariff.TariffCodec;
import io.meterhub.platform.prepay.tariff.TariffStore;
import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Jdbc;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.StoreException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Prepayment: tariffs, accounts (one per meter), the append-only ledger, idempotent top-ups and reversals,
 * consumption and standing charges, the credit policy and reconciliation. Every balance change commits together
 * with its ledger entries while the account row is locked, so nodes sharing the database never lose an update.
 * Blocking (SQL): never call it on an event loop.
 */
public final class PrepayService {

  private final Database db;
  private final AuditLog audit;
  private final PrepayConfig config;
  private final Clock clock;
  private final Predicate<String> meterExists;
  private final JdbcTariffStore tariffs;
  private final AccountTx tx;
  private final TopUps topUps;
  private final SupplyOrders supplyOrders;

  /**
   * A service whose credit-state crossings go nowhere (see the other constructor).
   *
   * @param meterExists whether a meter id is provisioned (accounts are only opened for known meters)
   */
  public PrepayService(Database db, AuditLog audit, SupplyControl supply, DisplayPublisher display,
      PrepayConfig config, Clock clock, Predicate<String> meterExists) {
    this(db, audit, supply, display, CreditAlerts.NONE, config, clock, meterExists);
  }

  /**
   * @param alerts where credit-state crossings become events and alarms
   * @param meterExists whether a meter id is provisioned (accounts are only opened for known meters)
   */
  public PrepayService(Database db, AuditLog audit, SupplyControl supply, DisplayPublisher display,
      CreditAlerts alerts, PrepayConfig config, Clock clock, Predicate<String> meterExists) {
    this(db, audit, supply, display, alerts, config, clock, meterExists, MeterLanes.direct());
  }

  /**
   * @param alerts where credit-state crossings become events and alarms
   * @param meterExists whether a meter id is provisioned (accounts are only opened for known meters)
   * @param effects where relay orders, displays and crossings are carried out after a money change commits
   */
  public PrepayService(Database db, AuditLog audit, SupplyControl supply, DisplayPublisher display,
      CreditAlerts alerts, PrepayConfig config, Clock clock, Predicate<String> meterExists, MeterLanes effects) {
    this.db = Objects.requireNonNull(db, "db");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.meterExists = Objects.requireNonNull(meterExists, "meterExists");
    this.tariffs = new JdbcTariffStore(db);
    this.tx = new AccountTx(db, audit, Objects.requireNonNull(supply, "supply"),
        Objects.requireNonNull(display, "display"), Objects.requireNonNull(alerts, "alerts"),
        Objects.requireNonNull(effects, "effects"));
    this.topUps = new TopUps(tx, config, clock);
    this.supplyOrders = new SupplyOrders(tx);
  }

  public PrepayConfig config() {
    return config;
  }

  /** Creates a tariff from its JSON form (400 on invalid input, 409 when the id exists). */
  public Tariff createTariff(String actor, JsonObject definition) {
    Tariff tariff = TariffCodec.parse(definition);
    if (!tariffs.versions(tariff.id()).isEmpty() || !tariffs.insert(tariff, clock.instant())) {
      throw new ConflictException("A tariff with this id exists");
    }
    audit.record(actor, "prepay.tariff.create", tariff.id(), new JsonObject().put("type", tariff.type())
        .put("activeFrom", tariff.activeFrom().toString()).encode());
    return tariff;
  }

  /**
   * Schedules a new version of an existing tariff: same id and currency, {@code activeFrom} required (the version in
   * force at a reading's time prices it).
   */
  public Tariff addTariffVersion(String actor, String id, JsonObject definition) {
    Objects.requireNonNull(id, "id");
    List<Tariff> versions = tariffs.versions(id);
    if (versions.isEmpty()) {
      throw new PrepayExceptions.NotFound("Tariff not found");
    }
    FieldErrors errors = new FieldErrors();
    if (!id.equals(definition.getValue("id"))) {
      errors.add("id", "must be the tariff's id " + id);
    }
    if (!definition.containsKey("activeFrom")) {
      errors.add("activeFrom", "is required for a scheduled version");
    }
    if (!versions.get(0).currency().equals(definition.getValue("currency"))) {
      errors.add("currency", "must stay " + versions.get(0).currency());
    }
    errors.throwIfAny();
    Tariff tariff = TariffCodec.parse(definition);
    if (!tariffs.insert(tariff, clock.instant())) {
      throw new ConflictException("A version with this activeFrom exists");
    }
    audit.record(actor, "prepay.tariff.version", id, new JsonObject().put("type", tariff.type())
        .put("activeFrom", tariff.activeFrom().toString()).encode());
    return tariff;
  }

  /** Every version of a tariff, oldest first; empty when unknown. */
  public List<Tariff> tariff(String id) {
    return tariffs.versions(Objects.requireNonNull(id, "id"));
  }

  public Page<List<Tariff>> tariffs(int limit, String cursor) {
    return tariffs.list(limit, cursor);
  }

  /** Opens an account with balance 0 (400 unknown meter/tariff or currency mismatch, 409 meter has one). */
  public Account openAccount(String actor, NewAccount request) {
    Objects.requireNonNull(request, "request");
    FieldErrors errors = new FieldErrors();
    List<Tariff> versions = tariffs.versions(request.tariffId());
    if (versions.isEmpty()) {
      errors.add("tariffId", "unknown tariff");
    } else if (!versions.get(0).currency().equals(request.currency())) {
      errors.add("currency", "must be the tariff's currency " + versions.get(0).currency());
    }
    if (!meterExists.test(request.meterId())) {
      errors.add("meterId", "unknown meter");
    }
    if (request.debt() < 0) {
      errors.add("debt", "must not be negative");
    }
    errors.throwIfAny();
    Instant now = Jdbc.storable(clock.instant());
    AccountRow row = new AccountRow();
    row.id = UUID.randomUUID().toString();
    row.meterId = request.meterId();
    row.tariffId = request.tariffId();
    row.currency = request.currency();
    row.policy = request.policy();
    row.debt = request.debt();
    row.state = CreditState.of(0, request.policy());
    row.createdAt = now;
    row.updatedAt = now;
    try {
      db.withConnection(c -> {
        AccountDao.insert(c, row);
        return null;
      });
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        throw new ConflictException("This meter already has an account");
      }
      throw e;
    }
    audit.record(actor, "prepay.account.create", row.id, new JsonObject().put("meterId", row.meterId)
        .put("tariffId", row.tariffId).put("debt", row.debt).encode());
    return row.view();
  }

  public Optional<Account> account(String id) {
    Objects.requireNonNull(id, "id");
    return db.withConnection(c -> AccountDao.find(c, id)).map(AccountRow::view);
  }

  /** Accounts ordered by id, optionally only the one of a meter. */
  public Page<Account> accounts(String meterId, int limit, String cursor) {
    return accounts(meterId, null, limit, cursor);
  }

  /** Accounts ordered by id, optionally only the one of a meter and/or those in one credit state. */
  public Page<Account> accounts(String meterId, CreditState state, int limit, String cursor) {
    int size = Cursors.pageSize(limit);
    String after = Cursors.decode(cursor);
    List<AccountRow> rows = db.withConnection(c -> AccountDao.list(c, meterId, state, after, size + 1));
    return Page.cut(rows, size, row -> row.id).map(AccountRow::view);
  }

  /** Number of accounts in every credit state (zero included), by one GROUP BY query. */
  public Map<CreditState, Long> accountCounts() {
    Map<CreditState, Long> counts = db.withConnection(AccountDao::countByState);
    Map<CreditState, Long> all = new java.util.EnumMap<>(CreditState.class);
    for (CreditState state : CreditState.values()) {
      all.put(state, counts.getOrDefault(state, 0L));
    }
    return all;
  }

  /** The ledger of an account, oldest first (404 when the account is unknown). */
  public Page<LedgerEntry> ledger(String accountId, int limit, String cursor) {
    if (account(accountId).isEmpty()) {
      throw new PrepayExceptions.NotFound("Account not found");
    }
    int size = Cursors.pageSize(limit);
    String after = Cursors.decode(cursor);
    long afterSeq;
    try {
      afterSeq = after == null ? 0 : Long.parseLong(after);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed cursor", e);
    }
    List<LedgerEntry> rows = db.withConnection(c -> LedgerDao.page(c, accountId, afterSeq, size + 1));
    List<LedgerEntry> items = rows.stream().limit(size).toList();
    return new Page<>(items, rows.size() > size ? Cursors.encode(Long.toString(items.get(size - 1).seq())) : null);
  }

  /**
   * Credits a top-up exactly once per idempotency key. Same key and payload again: the stored outcome with {@code
   * replayed}; other payload: {@link PrepayExceptions.KeyReused}; still in flight: ConflictException; unknown account:
   * {@link PrepayExceptions.NotFound}; bad amount or currency: ValidationException.
   */
  public TopUpOutcome topUp(String actor, String accountId, String idempotencyKey, TopUpRequest request) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(request, "request");
    return topUps.topUp(actor, accountId, idempotencyKey, request);
  }

  /** Reverses a top-up with a compensating entry (404 unknown, 409 when already reversed). */
  public LedgerEntry reverseTopUp(String actor, String topUpId, String reason) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(topUpId, "topUpId");
    return topUps.reverse(actor, topUpId, reason);
  }

  /** Adds an operator's adjustment (positive credits, negative debits) to the account's ledger; audited. */
  public LedgerEntry adjust(String actor, String accountId, long amount, String reason) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(accountId, "accountId");
    return topUps.adjust(actor, accountId, amount, reason);
  }

  /** Charges the register delta of a reading to the meter's account (see {@link ChargeOutcome}). */
  public ChargeOutcome chargeReading(IngestedReading reading) {
    Objects.requireNonNull(reading, "reading");
    Instant now = clock.instant();
    return tx.run(reading.meterId(), true, now, (c, row, fx) -> {
      List<Tariff> versions = tariffs.versions(c, row.tariffId);
      return Billing.consume(c, row, reading.reading(), versions, now, fx);
    }).orElse(ChargeOutcome.NO_ACCOUNT);
  }

  /**
   * Charges many readings in one transaction (what {@link ConsumptionCharger} does with a backlog and with held
   * readings): the readings of each meter in their given order. All or nothing: when it throws, nothing was charged
   * and the caller can charge the readings one by one.
   *
   * @return each meter's account as the batch left it (meters without an account are absent)
   */
  public Map<String, Account> chargeReadings(List<IngestedReading> readings) {
    Objects.requireNonNull(readings, "readings");
    Map<String, List<IngestedReading>> byMeter = new TreeMap<>();
    readings.forEach(r -> byMeter.computeIfAbsent(r.meterId(), k -> new ArrayList<>()).add(r));
    Instant now = clock.instant();
    Map<String, List<Tariff>> tariffCache = new HashMap<>();
    Map<String, AccountRow> rows = tx.runMany(byMeter.keySet(), now, (c, row, fx) -> {
      List<Tariff> versions = tariffCache.get(row.tariffId);
      if (versions == null) {
        versions = tariffs.versions(c, row.tariffId);
        tariffCache.put(row.tariffId, versions);
      }
      for (IngestedReading r : byMeter.get(row.meterId)) {
        Billing.consume(c, row, r.reading(), versions, now, fx);
      }
      return row;
    });
    // The credit rules settle each row after its work, so the rows now hold what the batch left.
    Map<String, Account> accounts = new HashMap<>();
    rows.forEach((meterId, row) -> accounts.put(meterId, row.view()));
    return accounts;
  }

  /** Charges standing charges up to {@code clock}'s day for every account; returns the days charged. */
  public int applyStandingCharges(Clock at) {
    Instant now = at.instant();
    int days = 0;
    for (String id : db.withConnection(c -> standingChargesDue(c, now))) {
      days += tx.run(id, false, now, (c, row, fx) ->
          Billing.standing(c, row, tariffs.versions(c, row.tariffId), now)).orElse(0);
    }
    return days;
  }

  /**
   * Accounts with a day to charge: the schedule runs every minute, and a transaction on every account each time
   * rewrote every account row every minute (most of them to charge nothing). Today is the day in the zone of the
   * tariff version in force, as {@link Billing#standing} counts it. A tariff none of whose versions has a standing
   * charge has nothing due (a version with one added later charges only the days from its activeFrom, as each day is
   * priced by the version in force that day).
   */
  private List<String> standingChargesDue(Connection c, Instant now) throws SQLException {
    List<String> due = new ArrayList<>();
    for (String tariffId : AccountDao.tariffIds(c)) {
      List<Tariff> versions = tariffs.versions(c, tariffId);
      if (versions.stream().allMatch(t -> t.standingChargePerDay() == null)) {
        continue;
      }
      LocalDate today = LocalDate.ofInstant(now, TariffStore.activeAt(versions, now).zone());
      due.addAll(AccountDao.standingChargesDue(c, tariffId, today));
    }
    return due;
  }

  /**
   * Orders the relay open for exhausted accounts whose friendly period has ended, re-drives relay orders that a
   * crash left unissued or that failed, collects outcomes of orders a lost notification left pending, and delivers
   * credit-state crossings not yet delivered; returns how many accounts were ordered disconnected now.
   */
  public int evaluateFriendlyPeriods(Clock at) {
    Instant now = at.instant();
    int ordered = 0;
    for (String id : db.withConnection(c -> AccountDao.ids(c, "credit_state = 'exhausted'"
        + " AND (supply_requested IS NULL OR supply_requested <> 'off')"))) {
      String[] before = new String[1];
      // The returned row is the one the credit rules settled after the (empty) work.
      boolean cutOff = tx.run(id, false, now, (c, row, fx) -> {
        before[0] = row.supplyRequested;
        return row;
      }).map(row -> CreditRules.OFF.equals(row.supplyRequested) && !CreditRules.OFF.equals(before[0]))
          .orElse(false);
      ordered += cutOff ? 1 : 0;
    }
    supplyOrders.sweep(now);
    deliverCrossings();
    return ordered;
  }

  /**
   * The outcome of a relay order for a meter, as the command pipeline reports it: {@code relayOpen} tells whether it
   * was an open (disconnect) or close (reconnect) order. A confirmed open relay makes an exhausted account {@code
   * disconnected}; a confirmed closed relay lets a disconnected account leave that state; a failed order is issued
   * again by the next sweep. Returns false when the meter's account was not waiting for this outcome (or has none).
   */
  public boolean supplyOutcome(String meterId, boolean relayOpen, String orderId, SupplyOutcome outcome) {
    Objects.requireNonNull(meterId, "meterId");
    Objects.requireNonNull(outcome, "outcome");
    return supplyOrders.outcome(meterId, relayOpen, orderId, outcome, clock.instant());
  }

  /** Offers crossings still in the outbox (a crash or a failed delivery left them) again; returns how many went. */
  public int deliverCrossings() {
    int delivered = 0;
    for (CreditCrossing crossing : CreditOutbox.pending(db, 500)) {
      if (!tx.deliver(crossing)) {
        break; // keep the order of an account's crossings: try again on the next sweep
      }
      delivered++;
    }
    return delivered;
  }

  /** Reconciliation of one UTC day (channels) plus the ledger invariant of every account. */
  public Reconciliation reconcile(LocalDate day) {
    return Reconciler.reconcile(db, Objects.requireNonNull(day, "day"));
  }

  /** Deletes idempotency records older than the retention; returns how many. */
  public int purgeIdempotencyKeys(Clock at) {
    return IdempotencyDao.purge(db, at.instant().minus(config.idempotencyRetention()));
  }

  /** Test hook: runs after a top-up committed and before its answer is returned (to simulate a crash there). */
  public void afterTopUpCommit(Runnable hook) {
    topUps.afterCommitHook = Objects.requireNonNull(hook, "hook");
  }
}
