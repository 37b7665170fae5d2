package io.meterhub.platform.prepay;

import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.common.ValidationException;
import io.meterhub.platform.store.SqlDialect;
import io.meterhub.platform.store.StoreException;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * Idempotent top-ups and their reversals. The in-flight marker commits first; the credit, its ledger entries and
 * the stored response commit in one transaction with the account row locked. Internal; see {@link PrepayService}.
 */
final class TopUps {

  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private final AccountTx tx;
  private final PrepayConfig config;
  private final Clock clock;
  volatile Runnable afterCommitHook = () -> {};

  TopUps(AccountTx tx, PrepayConfig config, Clock clock) {
    this.tx = tx;
    this.config = config;
    this.clock = clock;
  }

  TopUpOutcome topUp(String actor, String accountId, String key, TopUpRequest request) {
    Instant now = clock.instant();
    String hash = request.fingerprint(accountId);
    IdempotencyDao.Begin begin = IdempotencyDao.begin(tx.db(), key, hash, now, config.inFlightLease());
    if (begin instanceof IdempotencyDao.Replay replay) {
      return new TopUpOutcome(replay.status(), TopUpReceipt.fromJson(new JsonObject(replay.response())), true);
    }
    if (begin instanceof IdempotencyDao.Mismatch) {
      throw new PrepayExceptions.KeyReused("This Idempotency-Key was used with another request");
    }
    if (begin instanceof IdempotencyDao.InFlight) {
      throw new ConflictException("A request with this Idempotency-Key is still in flight");
    }
    String owner = ((IdempotencyDao.Proceed) begin).owner();
    TopUpReceipt receipt;
    try {
      receipt = tx.run(accountId, false, now, (c, row, fx) -> {
        TopUpReceipt r = credit(c, row, request, now);
        if (!IdempotencyDao.complete(c, key, owner, 201, r.toJson().encode())) {
          throw new ConflictException("A request with this Idempotency-Key is still in flight");
        }
        fx.audit(actor, "prepay.topup", row.id, new JsonObject().put("topupId", r.id())
            .put("receiptNo", r.receiptNo()).put("amount", r.amount()).put("currency", r.currency())
            .put("channel", r.channel()).encode());
        return r;
      }).orElseThrow(() -> new PrepayExceptions.NotFound("Account not found"));
    } catch (RuntimeException e) {
      try {
        IdempotencyDao.release(tx.db(), key, owner);
      } catch (StoreException suppressed) {
        e.addSuppressed(suppressed); // the lease lets a retry take the key over
      }
      throw e;
    }
    afterCommitHook.run();
    return new TopUpOutcome(201, receipt, false);
  }

  private TopUpReceipt credit(Connection c, AccountRow row, TopUpRequest request, Instant now) throws SQLException {
    if (!row.currency.equals(request.currency())) {
      throw ValidationException.of("currency", "must be the account's currency " + row.currency);
    }
    if (request.amount() <= 0 || request.amount() > config.maxTopUp()) {
      throw ValidationException.of("amount", "must be a positive integer of at most " + config.maxTopUp());
    }
    long balanceBefore = row.balance;
    long recovered = debtRecovery(row, request.amount(), LocalDate.ofInstant(now, row.policy.zone()));
    if (balanceBefore + request.amount() - recovered > config.maxBalance()) {
      throw ValidationException.of("amount", "would raise the balance above the maximum " + config.maxBalance());
    }
    String receiptNo = receiptNo(c, now);
    String channel = request.effectiveChannel();
    LedgerEntry entry = LedgerDao.append(c, row, new LedgerDao.Draft(LedgerType.TOPUP, request.amount(), channel,
        request.reference(), receiptNo, null, new JsonObject().put("debtRecovered", recovered).encode()), now);
    if (recovered > 0) {
      row.debt -= recovered;
      row.debtPeriodTaken += recovered;
      LedgerDao.append(c, row, new LedgerDao.Draft(LedgerType.DEBT_RECOVERY, -recovered, channel, null, receiptNo,
          null, new JsonObject().put("topupId", entry.id()).encode()), now);
    }
    long emergencyRepaid = balanceBefore < 0 ? Math.min(-balanceBefore, request.amount() - recovered) : 0;
    return new TopUpReceipt(entry.id(), receiptNo, row.id, row.meterId, row.tariffId, request.amount(),
        request.currency(), request.reference(), channel, recovered, emergencyRepaid, row.balance, row.debt,
        entry.createdAt());
  }

  /** Debt taken from a top-up: the policy's percentage, within the cap of the current period, at most the debt. */
  private static long debtRecovery(AccountRow row, long amount, LocalDate today) {
    CreditPolicy p = row.policy;
    if (row.debt <= 0 || p.debtRecoveryPercent() <= 0) {
      return 0;
    }
    if (row.debtPeriodStart == null || !today.isBefore(row.debtPeriodStart.plusDays(p.debtRecoveryPeriodDays()))) {
      row.debtPeriodStart = today;
      row.debtPeriodTaken = 0;
    }
    long share = Math.multiplyExact(amount, (long) p.debtRecoveryPercent()) / 100;
    long capLeft =
        p.debtRecoveryCap() == null ? Long.MAX_VALUE : Math.max(0, p.debtRecoveryCap() - row.debtPeriodTaken);
    return Math.min(Math.min(share, capLeft), row.debt);
  }

  private String receiptNo(Connection c, Instant now) throws SQLException {
    String sql = tx.db().dialect() == SqlDialect.POSTGRESQL
        ? "SELECT nextval('prepay_receipt_seq')" : "SELECT NEXT VALUE FOR prepay_receipt_seq";
    try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return "R" + DAY.format(now.atZone(ZoneOffset.UTC)) + "-" + String.format("%08d", rs.getLong(1));
    }
  }

  LedgerEntry reverse(String actor, String topUpId, String reason) {
    Objects.requireNonNull(reason, "reason");
    Instant now = clock.instant();
    LedgerEntry topUp = tx.db().withConnection(c -> LedgerDao.find(c, topUpId))
        .filter(e -> e.type() == LedgerType.TOPUP)
        .orElseThrow(() -> new PrepayExceptions.NotFound("Top-up not found"));
    Optional<LedgerEntry> reversal = tx.run(topUp.accountId(), false, now, (c, row, fx) -> {
      if (LedgerDao.reversalOf(c, topUpId).isPresent()) {
        throw new ConflictException("This top-up was already reversed");
      }
      long recovered = new JsonObject(topUp.details()).getLong("debtRecovered", 0L);
      row.debt += recovered;
      LedgerEntry e = LedgerDao.append(c, row, new LedgerDao.Draft(LedgerType.REVERSAL, -(topUp.amount() - recovered),
          topUp.channel(), topUp.reference(), topUp.receiptNo(), topUpId, new JsonObject().put("reason", reason)
              .put("topupAmount", topUp.amount()).put("debtRestored", recovered).encode()), now);
      fx.audit(actor, "prepay.topup.reverse", row.id, new JsonObject().put("topupId", topUpId)
          .put("reversalId", e.id()).put("receiptNo", topUp.receiptNo()).encode());
      return e;
    });
    return reversal.orElseThrow(() -> new PrepayExceptions.NotFound("Account not found"));
  }

  /**
   * An operator's correction of an account (e.g. a billing error or goodwill credit), as its own ledger entry: positive
   * credits, negative debits. The credit policy then applies as after any money change.
   */
  LedgerEntry adjust(String actor, String accountId, long amount, String reason) {
    Objects.requireNonNull(reason, "reason");
    Instant now = clock.instant();
    return tx.run(accountId, false, now, (c, row, fx) -> {
      LedgerEntry e = LedgerDao.append(c, row, LedgerDao.Draft.of(LedgerType.ADJUSTMENT, amount,
          new JsonObject().put("reason", reason).encode()), now);
      fx.audit(actor, "prepay.adjust", row.id, new JsonObject().put("entryId", e.id()).put("amount", amount).encode());
      return e;
    }).orElseThrow(() -> new PrepayExceptions.NotFound("Account not found"));
  }
}
