package io.meterhub.platform.metering;

import io.meterhub.platform.store.TestDatabase;

class JdbcReadingStoreH2Test extends JdbcReadingStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
