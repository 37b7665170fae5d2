package io.meterhub.platform.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Base of the store contract tests: one database per test class (H2 temp dir or fresh PostgreSQL schema, chosen by
 * the subclass), emptied before every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
public abstract class DbContractBase {

  protected TestDatabase target;
  protected Database db;

  /** {@link TestDatabase#h2()} or {@link TestDatabase#postgresOrSkip(String)}. */
  protected abstract TestDatabase createTarget();

  @BeforeAll
  void openDatabase() {
    target = createTarget();
    db = target.open();
  }

  @BeforeEach
  void emptyTables() {
    TestDatabase.truncateAll(db);
  }

  @AfterAll
  void closeDatabase() {
    if (db != null) {
      db.close();
    }
    if (target != null) {
      target.close();
    }
  }
}
