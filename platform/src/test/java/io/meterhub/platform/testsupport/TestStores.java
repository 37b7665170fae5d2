package io.meterhub.platform.testsupport;

import com.hazelcast.core.HazelcastInstance;
import io.meterhub.platform.audit.AuditEntry;
import io.meterhub.platform.audit.AuditQuery;
import io.meterhub.platform.audit.ChainedAuditLog;
import io.meterhub.platform.auth.JdbcUserStore;
import io.meterhub.platform.cluster.ClusterMember;
import io.meterhub.platform.cluster.ClusterSettings;
import io.meterhub.platform.cluster.HazelcastMeterLiveState;
import io.meterhub.platform.lwm2m.HazelcastSecurityStore;
import io.meterhub.platform.meter.JdbcMeterStore;
import io.meterhub.platform.metering.JdbcReadingStore;
import io.meterhub.platform.store.Database;
import io.meterhub.platform.store.Page;
import io.meterhub.platform.store.TestDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The real storage of one test: a fresh H2 database in a temp directory (deleted on close), one embedded Hazelcast
 * member (random cluster name, loopback, any free port), and the production stores on them.
 */
public final class TestStores implements AutoCloseable {

  public final Database database;
  public final ClusterMember cluster;
  public final HazelcastInstance hazelcast;
  public final JdbcMeterStore meters;
  public final JdbcReadingStore readings;
  public final JdbcUserStore users;
  public final ChainedAuditLog audit;
  public final HazelcastMeterLiveState live;
  public final HazelcastSecurityStore credentials;
  private final TestDatabase files;

  public TestStores(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    files = TestDatabase.h2();
    Database db = null;
    ClusterMember member = null;
    try {
      db = files.open();
      member = ClusterMember.start(
          new ClusterSettings(0, "test-" + UUID.randomUUID(), "127.0.0.1", 0, List.of()));
    } catch (RuntimeException | Error e) {
      if (db != null) {
        db.close();
      }
      files.close();
      throw e;
    }
    database = db;
    cluster = member;
    hazelcast = member.hazelcast();
    meters = new JdbcMeterStore(database);
    readings = new JdbcReadingStore(database);
    users = new JdbcUserStore(database);
    audit = new ChainedAuditLog(database, clock);
    live = new HazelcastMeterLiveState(hazelcast);
    credentials = new HazelcastSecurityStore(hazelcast);
  }

  /** Every audit entry, oldest first, read through the audit log's own paging. */
  public List<AuditEntry> auditEntries() {
    List<AuditEntry> all = new ArrayList<>();
    String cursor = null;
    do {
      Page<AuditEntry> page = audit.list(new AuditQuery(null, null, null, null, 1000, cursor));
      all.addAll(page.items());
      cursor = page.next();
    } while (cursor != null);
    return all;
  }

  /** Whether the live-state map holds an entry for this meter at all (not merely an "unknown" status). */
  public boolean liveStateHolds(String meterId) {
    return hazelcast.getMap(ClusterMember.METER_STATUS).containsKey(meterId);
  }

  /** Runs one SQL statement beside the stores, e.g. to tamper with rows as an attacker with database access. */
  public int sql(String statement) {
    return TestDatabase.sql(database, statement);
  }

  /** Empties every table, the live state and the live credentials. */
  public void clear() {
    TestDatabase.truncateAll(database);
    hazelcast.getMap(ClusterMember.METER_STATUS).clear();
    hazelcast.getReplicatedMap(ClusterMember.SECURITY).clear();
    hazelcast.getReplicatedMap(ClusterMember.SECURITY_PSK_IDENTITIES).clear();
  }

  @Override
  public void close() {
    try {
      credentials.close();
      cluster.close();
    } finally {
      try {
        database.close();
      } finally {
        files.close();
      }
    }
  }
}
