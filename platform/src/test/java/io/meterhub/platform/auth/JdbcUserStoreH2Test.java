package io.meterhub.platform.auth;

import io.meterhub.platform.store.TestDatabase;

class JdbcUserStoreH2Test extends JdbcUserStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
