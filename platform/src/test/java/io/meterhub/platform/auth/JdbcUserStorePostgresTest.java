package io.meterhub.platform.auth;

import io.meterhub.platform.store.TestDatabase;

class JdbcUserStorePostgresTest extends JdbcUserStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
