package io.meterhub.platform.command;

import io.meterhub.platform.store.TestDatabase;

class JdbcCommandStoreH2Test extends JdbcCommandStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
