package io.meterhub.platform.meter;

import io.meterhub.platform.store.TestDatabase;

class JdbcMeterStorePostgresTest extends JdbcMeterStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
