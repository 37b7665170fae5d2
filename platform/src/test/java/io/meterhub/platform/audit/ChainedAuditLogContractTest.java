package io.meterhub.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.DbContractBase;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class ChainedAuditLogContractTest extends DbContractBase {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private AuditLog log;

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

  @Test
  void appendsFormAChainFromGenesis() {
    AuditEntry first = log.record("alice", "meter.create", "m1", "{\"model\":\"KPM31\"}");
    AuditEntry second = log.record("system:prepay", "relay.open", "m1", null);

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
    AuditEntry last = log.record("alice", "user.create", "carol", "{}");

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
      recordFive();
      TestDatabase.sql(db, "UPDATE audit_log SET " + set + " WHERE seq = 3");

      AuditVerification v = log.verify();
      assertThat(v.valid()).as(set).isFalse();
      assertThat(v.firstBadSeq()).as(set).isEqualTo(3L);
    }
  }

  @Test
  void deletingAMiddleRowIsDetected() {
    recordFive();
    TestDatabase.sql(db, "DELETE FROM audit_log WHERE seq = 3");

    AuditVerification v = log.verify();
    assertThat(v.valid()).isFalse();
    assertThat(v.firstBadSeq()).isEqualTo(3L);
  }

  @Test
  void swappingTwoRowsIsDetected() {
    recordFive();
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
    recordFive();
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
  void concurrentAppendsFromTwoPoolsFormOneValidChain() throws Exception {
    int perThread = 100;
    try (Database second = target.open()) {
      AuditLog nodeA = new ChainedAuditLog(db, Clock.systemUTC());
      AuditLog nodeB = new ChainedAuditLog(second, Clock.systemUTC());
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<List<Long>>> results = new ArrayList<>();
        for (AuditLog node : List.of(nodeA, nodeB)) {
          Callable<List<Long>> appender =
              () -> {
                start.await();
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  seqs.add(node.record("system:test", "concurrent.append", "t" + i, null).seq());
                }
                return seqs;
              };
          results.add(pool.submit(appender));
        }
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : results) {
          all.addAll(f.get(Duration.ofSeconds(90).toSeconds(), TimeUnit.SECONDS));
        }
        assertThat(all).hasSize(2 * perThread).doesNotHaveDuplicates();
        assertThat(all).allSatisfy(seq -> assertThat(seq).isBetween(1L, 2L * perThread));
      } finally {
        pool.shutdownNow();
      }
      AuditVerification v = new ChainedAuditLog(second, Clock.systemUTC()).verify();
      assertThat(v.valid()).isTrue();
      assertThat(v.entries()).isEqualTo(2 * perThread);
    }
  }
}
