package io.meterhub.platform.customer;

import io.meterhub.platform.store.TestDatabase;

class JdbcCustomerVaultPostgresTest extends JdbcCustomerVaultContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
