package io.meterhub.platform.prepay;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.metering.IngestedReading;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The randomized money run of {@link TopUpBenchmark}: operations on two nodes, with the expected balance of every
 * account tracked independently of the ledger.
 */
final class RandomRun {

  private static final Instant BASE = Instant.parse("2026-12-02T00:00:00Z");

  private record Paid(String accountId, long amount, TopUpRequest request) {}

  private final PrepayService[] nodes;
  private final List<Account> accounts;
  private final Map<String, AtomicLong> expected = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> register = new ConcurrentHashMap<>();
  private final Map<Long, Paid> paid = new ConcurrentHashMap<>();
  private final Map<String, Long> topUpIds = new ConcurrentHashMap<>();

  RandomRun(PrepayService a, PrepayService b, List<Account> accounts) {
    this.nodes = new PrepayService[] {a, b};
    this.accounts = accounts;
    for (Account acc : accounts) {
      // Moves each register to this run's base (charging the jump), so the run starts from a known balance.
      a.chargeReading(reading(acc, 0, 0));
      expected.put(acc.id(), new AtomicLong(a.account(acc.id()).orElseThrow().balance()));
      register.put(acc.id(), new AtomicLong(0));
    }
  }

  private IngestedReading reading(Account acc, long step, long wh) {
    Instant at = BASE.plusMillis(step);
    return new IngestedReading(acc.meterId(), new MeterReading(at, 1_000_000L + wh, null, null, null, null, null,
        null, null), at);
  }

  void step(long i) {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    PrepayService node = nodes[rnd.nextInt(2)];
    Account acc = accounts.get(rnd.nextInt(accounts.size()));
    int kind = rnd.nextInt(100);
    if (kind < 45 || paid.isEmpty()) {
      long amount = 1 + rnd.nextLong(5000);
      TopUpRequest request = new TopUpRequest(amount, "CNY", "rnd-" + i, null);
      TopUpOutcome out = node.topUp("bench", acc.id(), "rnd-" + i, request);
      if (!out.replayed()) {
        expected.get(acc.id()).addAndGet(amount);
        topUpIds.put(out.receipt().id(), i);
      }
      paid.put(i, new Paid(acc.id(), amount, request));
    } else if (kind < 55) {
      long key = rnd.nextLong(i + 1);
      Paid p = paid.get(key);
      if (p != null) {
        try {
          if (!node.topUp("bench", p.accountId(), "rnd-" + key, p.request()).replayed()) {
            throw new IllegalStateException("a retried key was credited again");
          }
        } catch (ConflictException inFlight) {
          // the first request with this key is still running: the client would retry later
        }
      }
    } else if (kind < 95) {
      // Steps are 10 Wh = 1 fen at 1.0000 CNY/kWh; timestamps follow the register, so order is consistent.
      long step = register.get(acc.id()).incrementAndGet();
      long wh = step * 10;
      if (rnd.nextInt(5) == 0 && step > 3) {
        long old = step - 1 - rnd.nextInt(3);
        node.chargeReading(reading(acc, old, old * 10)); // duplicate or out of order
      }
      node.chargeReading(reading(acc, step, wh));
    } else {
      String topUpId = topUpIds.keySet().stream().skip(rnd.nextInt(Math.max(1, topUpIds.size()))).findFirst()
          .orElse(null);
      if (topUpId != null) {
        try {
          LedgerEntry reversal = node.reverseTopUp("bench", topUpId, "benchmark");
          expected.get(reversal.accountId()).addAndGet(reversal.amount());
        } catch (ConflictException already) {
          // reversed before: at most once
        }
      }
    }
  }

  /**
   * Charges each account's final register, then returns [lost, duplicated] minor units against expectations (the
   * ledger invariant is checked by the caller's reconciliation).
   */
  long[] settle() {
    long lost = 0;
    long duplicated = 0;
    for (Account acc : accounts) {
      long last = register.get(acc.id()).get();
      nodes[0].chargeReading(reading(acc, last + 1, last * 10));
      long want = expected.get(acc.id()).get() - last;
      long have = nodes[0].account(acc.id()).orElseThrow().balance();
      if (have < want) {
        lost += want - have;
      } else {
        duplicated += have - want;
      }
    }
    return new long[] {lost, duplicated};
  }
}
