package io.meterhub.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meterhub.platform.store.Cursors;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ChainedAuditLogContractTest extends DbContractBase {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private ChainedAuditLog log;

  /** A clock that moves one second per reading, so entries have distinct, known times. */
  private static Clock steppingClock() {
    AtomicLong ticks = new AtomicLong();
    return new Clock() {
      @Override
      public Instant instant() {
        return T0.plusSeconds(ticks.getAndIncrement());
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
  }

  @BeforeEach
  void createLog() {
    log = new ChainedAuditLog(db, steppingClock());
  }

  private void recordFive() {
    for (int i = 1; i <= 5; i++) {
      log.record(i % 2 == 0 ? "bob" : "alice", "meter.create", "m" + i, "{\"n\":" + i + "}");
    }
  }

  /** Five entries, chained (as the node's chainer does within a fraction of a second), ready to be tampered with. */
  private void chainFive() {
    recordFive();
    log.chainQueued();
  }

  private List<AuditEntry> all() {
    return log.list(new AuditQuery(null, null, null, null, 1000, null)).items();
  }

  private long chainedRows() {
    return db.withConnection(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit_log")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Test
  void appendsFormAChainFromGenesis() {
    log.record("alice", "meter.create", "m1", "{\"model\":\"KPM31\"}");
    log.record("system:prepay", "relay.open", "m1", null);
    AuditEntry first = all().get(0);
    AuditEntry second = all().get(1);

    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.prevHash()).isEqualTo("0".repeat(64));
    assertThat(first.hash()).hasSize(64).isEqualTo(AuditHashing.hash(first));
    assertThat(second.seq()).isEqualTo(2);
    assertThat(second.prevHash()).isEqualTo(first.hash());
    assertThat(second.at()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void emptyLogIsValid() {
    assertThat(log.verify()).isEqualTo(new AuditVerification(true, 0, null, null));
  }

  @Test
  void intactChainVerifies() {
    recordFive();
    log.record("alice", "user.create", "carol", "{}");
    AuditEntry last = all().get(5);

    assertThat(log.verify()).isEqualTo(new AuditVerification(true, 6, last.hash(), null));
  }

  @Test
  void listReturnsStoredEntriesAndFilters() {
    recordFive();

    List<AuditEntry> all = log.list(new AuditQuery(null, null, null, null, 100, null)).items();
    assertThat(all).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(all.get(2).details()).isEqualTo("{\"n\":3}");
    assertThat(all.get(2).at()).isEqualTo(T0.plusSeconds(2));
    assertThat(all).allSatisfy(e -> assertThat(AuditHashing.hash(e)).isEqualTo(e.hash()));

    assertThat(log.list(new AuditQuery("bob", null, null, null, 100, null)).items())
        .extracting(AuditEntry::seq)
        .containsExactly(2L, 4L);
    assertThat(log.list(new AuditQuery(null, "relay.open", null, null, 100, null)).items()).isEmpty();
    assertThat(log.list(new AuditQuery(null, null, T0.plusSeconds(1), T0.plusSeconds(3), 100, null)).items())
        .extracting(AuditEntry::seq)
        .containsExactly(2L, 3L);
  }

  @Test
  void listPagesWithCursor() {
    recordFive();
    Page<AuditEntry> first = log.list(new AuditQuery("alice", null, null, null, 2, null));
    Page<AuditEntry> second = log.list(new AuditQuery("alice", null, null, null, 2, first.next()));

    assertThat(first.items()).extracting(AuditEntry::seq).containsExactly(1L, 3L);
    assertThat(second.items()).extracting(AuditEntry::seq).containsExactly(5L);
    assertThat(second.next()).isNull();
  }

  @Test
  void alteringAnyFieldOfAMiddleRowIsDetectedAtThatSeq() {
    String[] tampering = {
      "actor = 'mallory'",
      "action = 'meter.delete'",
      "target = 'm99'",
      "details = '{\"n\":33}'",
      "details = NULL",
      "at = at + INTERVAL '1' SECOND",
      "prev_hash = '" + "1".repeat(64) + "'",
      "hash = '" + "2".repeat(64) + "'"
    };
    for (String set : tampering) {
      TestDatabase.truncateAll(db);
      chainFive();
      TestDatabase.sql(db, "UPDATE audit_log SET " + set + " WHERE seq = 3");

      AuditVerification v = log.verify();
      assertThat(v.valid()).as(set).isFalse();
      assertThat(v.firstBadSeq()).as(set).isEqualTo(3L);
    }
  }

  @Test
  void deletingAMiddleRowIsDetected() {
    chainFive();
    TestDatabase.sql(db, "DELETE FROM audit_log WHERE seq = 3");

    AuditVerification v = log.verify();
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(3L);
  }

  @Test
  void swappingTwoRowsIsDetected() {
    chainFive();
    // Swap the whole contents of rows 2 and 3 (seq stays the row's position).
    TestDatabase.sql(db, "UPDATE audit_log SET seq = -2 WHERE seq = 2");
    TestDatabase.sql(db, "UPDATE audit_log SET seq = 2 WHERE seq = 3");
    TestDatabase.sql(db, "UPDATE audit_log SET seq = 3 WHERE seq = -2");

    AuditVerification v = log.verify();
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(2L);
  }

  @Test
  void deletingTheLastRowIsDetected() {
    chainFive();
    TestDatabase.sql(db, "DELETE FROM audit_log WHERE seq = 5");

    AuditVerification v = log.verify();
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(5L);
    assertThat(v.entries()).isEqualTo(4);
  }

  @Test
  void fieldBoundariesCannotBeShifted() {
    String a = AuditHashing.hash(1, T0, "ab", "c", "t", null, AuditHashing.GENESIS);
    String b = AuditHashing.hash(1, T0, "a", "bc", "t", null, AuditHashing.GENESIS);
    String c = AuditHashing.hash(1, T0, "a", "bc", "t", "", AuditHashing.GENESIS);

    assertThat(a).isNotEqualTo(b);
    assertThat(b).isNotEqualTo(c);
  }

  @Test
  void entriesWaitInTheQueueUntilChainedAndAReadChainsThem() {
    recordFive();
    assertThat(chainedRows()).isZero();

    assertThat(all()).extracting(AuditEntry::target).containsExactly("m1", "m2", "m3", "m4", "m5");
    assertThat(chainedRows()).isEqualTo(5);
    assertThat(log.chainQueued()).isZero();
  }

  @Test
  void anEntryOfARolledBackTransactionNeverReachesTheChain() {
    assertThatThrownBy(() -> db.inTransaction(c -> {
      log.record(c, "alice", "prepay.topup", "acc-1", null);
      throw new IllegalStateException("the money change failed");
    })).hasMessageContaining("money change failed");
    log.record("alice", "prepay.adjust", "acc-1", null);

    assertThat(all()).extracting(AuditEntry::action).containsExactly("prepay.adjust");
    assertThat(log.verify().valid()).isTrue();
  }

  @Test
  void anOpenTransactionDoesNotHoldBackLaterEntriesAndJoinsTheChainWhenItCommits() throws Exception {
    CountDownLatch recorded = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    ExecutorService slow = Executors.newSingleThreadExecutor();
    try {
      Future<?> early = slow.submit(() -> db.inTransaction(c -> {
        log.record(c, "alice", "meter.update", "early", null); // the lower queue id, committed last
        recorded.countDown();
        awaitUninterruptibly(commit);
        return null;
      }));
      assertThat(recorded.await(30, TimeUnit.SECONDS)).isTrue();
      log.record("bob", "meter.update", "late", null);

      assertThat(all()).extracting(AuditEntry::target).containsExactly("late");
      commit.countDown();
      early.get(30, TimeUnit.SECONDS);
    } finally {
      slow.shutdownNow();
    }
    assertThat(all()).extracting(AuditEntry::target).containsExactly("late", "early");
    assertThat(log.verify()).isEqualTo(new AuditVerification(true, 2, all().get(1).hash(), null));
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void moreThanOneBatchIsChainedInQueueOrder() {
    int n = ChainedAuditLog.CHAIN_BATCH + 5;
    db.inTransaction(c -> {
      for (int i = 0; i < n; i++) {
        log.record(c, "system:test", "bulk.append", "t" + i, null);
      }
      return null;
    });

    assertThat(log.chainQueued()).isEqualTo(n);
    AuditVerification v = log.verify();
    assertThat(v.valid()).isTrue();
    assertThat(v.entries()).isEqualTo(n);
    assertThat(log.list(new AuditQuery(null, null, null, null, 1, Cursors.encode(Long.toString(n - 1)))).items())
        .singleElement().satisfies(e -> assertThat(e.target()).isEqualTo("t" + (n - 1)));
  }

  @Test
  void twoNodesAppendingAndChainingAtOnceChainEveryEntryExactlyOnce() throws Exception {
    int perThread = 100;
    try (Database second = target.open()) {
      ChainedAuditLog nodeA = new ChainedAuditLog(db, Clock.systemUTC());
      ChainedAuditLog nodeB = new ChainedAuditLog(second, Clock.systemUTC());
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> writers = new ArrayList<>();
        List<Future<?>> chainers = new ArrayList<>();
        for (ChainedAuditLog node : List.of(nodeA, nodeB)) {
          String name = node == nodeA ? "a" : "b";
          writers.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < perThread; i++) {
              node.record("system:test", "concurrent.append", name + i, null);
            }
            return null;
          }));
          chainers.add(pool.submit(() -> {
            start.await();
            while (writing.get()) {
              node.chainQueued();
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : writers) {
          f.get(90, TimeUnit.SECONDS);
        }
        writing.set(false);
        for (Future<?> f : chainers) {
          f.get(90, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      List<AuditEntry> entries = new ChainedAuditLog(second, Clock.systemUTC())
          .list(new AuditQuery(null, null, null, null, 1000, null)).items();
      assertThat(entries).extracting(AuditEntry::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * perThread).boxed().toList());
      assertThat(entries).extracting(AuditEntry::target).doesNotHaveDuplicates().hasSize(2 * perThread);
      AuditVerification v = nodeA.verify();
      assertThat(v.valid()).isTrue();
      assertThat(v.entries()).isEqualTo(2 * perThread);
    }
  }
}
