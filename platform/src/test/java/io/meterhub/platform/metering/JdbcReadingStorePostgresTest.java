package io.meterhub.platform.metering;

import io.meterhub.platform.store.TestDatabase;

class JdbcReadingStorePostgresTest extends JdbcReadingStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
