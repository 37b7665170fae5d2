package io.meterhub.platform.command;

import io.meterhub.platform.store.TestDatabase;

class JdbcCommandStorePostgresTest extends JdbcCommandStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
