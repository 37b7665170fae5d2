package io.meterhub.platform.customer;

import io.meterhub.platform.store.TestDatabase;

class JdbcCustomerVaultH2Test extends JdbcCustomerVaultContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
