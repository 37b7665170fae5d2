package io.meterhub.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditChainerTest {

  private TestDatabase target;
  private Database db;
  private ChainedAuditLog log;

  @BeforeEach
  void open() {
    target = TestDatabase.h2();
    db = target.open();
    log = new ChainedAuditLog(db, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    db.close();
    target.close();
  }

  private long count(String table) {
    return db.withConnection(c -> {
      try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Test
  void chainsQueuedEntriesWithoutAnyoneReadingTheLog() throws Exception {
    try (AuditChainer chainer = AuditChainer.start(log, Duration.ofMillis(20))) {
      log.record("alice", "meter.create", "m1", null);
      log.record("alice", "meter.create", "m2", null);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (count("audit_log") < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(count("audit_log")).isEqualTo(2);
      assertThat(count("audit_queue")).isZero();
    }
  }

  @Test
  void closingChainsWhatIsStillQueued() throws Exception {
    AuditChainer chainer = AuditChainer.start(log, Duration.ofHours(1));
    log.record("alice", "meter.create", "m1", null);
    assertThat(count("audit_log")).isZero();

    chainer.close();

    assertThat(count("audit_log")).isEqualTo(1);
    assertThat(count("audit_queue")).isZero();
  }
}
