package io.meterhub.platform.prepay;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.models.MeterReading;
import io.meterhub.platform.common.ConflictException;
import io.meterhub.platform.metering.IngestedReading;
import io.meterhub.platform.store.Database;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two "nodes" (two services on two connection pools of one database) credit and charge one account at once: no
 * update may be lost, no credit doubled. Run on H2 and PostgreSQL.
 */
abstract class LedgerConcurrencyContractTest extends PrepayTestBase {

  private Database secondPool;
  private PrepayService nodeB;
  private ExecutorService pool;

  @BeforeEach
  void secondNode() {
    secondPool = target.open();
    nodeB = newService(secondPool, PrepayConfig.defaults());
    pool = Executors.newFixedThreadPool(12);
  }

  @AfterEach
  void closeSecondNode() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    secondPool.close();
  }

  @Test
  void concurrentTopUpsAndChargesFromTwoNodesLoseNothing() throws Exception {
    topUpsAndChargesLoseNothing((node, reading) -> node.chargeReading(reading));
  }

  /** As above with the charger's batches, which lock every account of a batch with one statement. */
  @Test
  void concurrentTopUpsAndBatchChargesFromTwoNodesLoseNothing() throws Exception {
    topUpsAndChargesLoseNothing((node, reading) -> node.chargeReadings(List.of(reading,
        new IngestedReading("meter-without-account", reading.reading(), reading.receivedAt()))));
  }

  private void topUpsAndChargesLoseNothing(java.util.function.BiConsumer<PrepayService, IngestedReading> charge)
      throws Exception {
    flat("flat-1", "1.0000");
    Account a = open("flat-1", policy(0, 1_000_000));
    read(a, T0, 0);
    int topUps = 200;
    int readings = 200;
    AtomicLong credited = new AtomicLong();
    List<Callable<Void>> work = new ArrayList<>();
    for (int i = 0; i < topUps; i++) {
      PrepayService node = i % 2 == 0 ? service : nodeB;
      long amount = 1 + (i * 37L) % 500;
      String key = "k-" + i;
      work.add(() -> {
        node.topUp("p", a.id(), key, new TopUpRequest(amount, "CNY", "pay-" + key, null));
        credited.addAndGet(amount);
        return null;
      });
    }
    for (int i = 1; i <= readings; i++) {
      PrepayService node = i % 2 == 0 ? nodeB : service;
      long wh = 10L * i; // 1 fen per step at 1.0000 CNY/kWh
      java.time.Instant at = T0.plusSeconds(i);
      work.add(() -> {
        charge.accept(node, new IngestedReading(a.meterId(),
            new MeterReading(at, wh, null, null, null, null, null, null, null), at));
        return null;
      });
    }
    java.util.Collections.shuffle(work, new java.util.Random(42));
    runAll(work);
    // Readings may have been applied out of order (older ones ignored): the newest one settles the total.
    read(a, T0.plusSeconds(readings + 1), 10L * readings);

    Account after = account(a);
    assertThat(credited.get()).isEqualTo(sumOfAmounts(topUps));
    assertThat(after.balance()).isEqualTo(credited.get() - readings);
    List<LedgerEntry> entries = service.ledger(a.id(), 1000, null).items();
    assertThat(entries.stream().mapToLong(LedgerEntry::amount).sum()).isEqualTo(after.balance());
    assertThat(entries).extracting(LedgerEntry::seq).doesNotHaveDuplicates().hasSize(entries.size());
    assertThat(entries.get(entries.size() - 1).balanceAfter()).isEqualTo(after.balance());
    assertThat(entries.stream().filter(e -> e.type() == LedgerType.TOPUP).count()).isEqualTo(topUps);
    assertThat(service.reconcile(LocalDate.parse("2026-12-01")).balanced()).isTrue();
  }

  @Test
  void oneKeySentToBothNodesAtOnceCreditsExactlyOnce() throws Exception {
    flat("flat-1", "1.0000");
    Account a = open("flat-1");
    for (int round = 0; round < 20; round++) {
      String key = "same-" + round;
      TopUpRequest request = new TopUpRequest(100, "CNY", "pay-" + round, null);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (PrepayService node : List.of(service, nodeB, service, nodeB)) {
        answers.add(pool.submit(() -> {
          start.await();
          try {
            return node.topUp("p", a.id(), key, request).replayed() ? "replay" : "credit";
          } catch (ConflictException inFlight) {
            return "409";
          }
        }));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> f : answers) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(results).as("round %d", round).containsOnlyOnce("credit");
    }
    assertThat(account(a).balance()).isEqualTo(20 * 100);
  }

  private static long sumOfAmounts(int topUps) {
    long sum = 0;
    for (int i = 0; i < topUps; i++) {
      sum += 1 + (i * 37L) % 500;
    }
    return sum;
  }

  private void runAll(List<Callable<Void>> work) throws Exception {
    List<Future<Void>> futures = pool.invokeAll(work, 120, TimeUnit.SECONDS);
    for (Future<Void> f : futures) {
      f.get();
    }
  }
}
