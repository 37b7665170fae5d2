package io.meterhub.platform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** What every supported database must do at open: migrate the schema, report its dialect, run transactions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
abstract class DatabaseContractTest {

  private TestDatabase target;
  private Database db;

  protected abstract TestDatabase createTarget();

  protected abstract SqlDialect expectedDialect();

  @BeforeAll
  void open() {
    target = createTarget();
    db = target.open();
  }

  @AfterAll
  void close() {
    if (db != null) {
      db.close();
    }
    if (target != null) {
      target.close();
    }
  }

  @Test
  void detectsDialectFromUrl() {
    assertThat(db.dialect()).isEqualTo(expectedDialect());
  }

  @Test
  void migratesEveryTableAndSeedsTheAuditHead() {
    List<Long> heads = db.withConnection(
        c -> {
          List<Long> out = new ArrayList<>();
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT seq FROM audit_head")) {
            while (rs.next()) {
              out.add(rs.getLong(1));
            }
          }
          for (String table : new String[] {"meters", "readings", "users", "audit_log"}) {
            try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
              rs.next();
            }
          }
          return out;
        });
    assertThat(heads).containsExactly(0L);
  }

  @Test
  void reopeningAnExistingDatabaseDoesNotMigrateAgain() {
    TestDatabase.sql(db, "INSERT INTO users (username, password_hash, roles, created_at) "
        + "VALUES ('keep', 'x', 'admin', CURRENT_TIMESTAMP)");
    try (Database second = target.open()) {
      long users = second.withConnection(
          c -> {
            try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM users WHERE username = 'keep'")) {
              rs.next();
              return rs.getLong(1);
            }
          });
      assertThat(users).isEqualTo(1);
    } finally {
      TestDatabase.sql(db, "DELETE FROM users WHERE username = 'keep'");
    }
  }

  @Test
  void failedTransactionIsRolledBack() {
    assertThatThrownBy(
            () ->
                db.inTransaction(
                    c -> {
                      try (Statement st = c.createStatement()) {
                        st.executeUpdate("INSERT INTO users (username, password_hash, roles, created_at) "
                            + "VALUES ('ghost', 'x', 'admin', CURRENT_TIMESTAMP)");
                        st.executeUpdate("INSERT INTO no_such_table VALUES (1)");
                      }
                      return null;
                    }))
        .isInstanceOf(StoreException.class);
    long ghosts = db.withConnection(
        c -> {
          try (Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM users WHERE username = 'ghost'")) {
            rs.next();
            return rs.getLong(1);
          }
        });
    assertThat(ghosts).isZero();
  }

  @Test
  void rejectsUnsupportedUrls() {
    assertThatThrownBy(() -> SqlDialect.fromUrl("jdbc:mysql://host/db?password=secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("secret");
  }
}
