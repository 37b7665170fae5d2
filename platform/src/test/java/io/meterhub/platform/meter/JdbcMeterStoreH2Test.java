package io.meterhub.platform.meter;

import io.meterhub.platform.store.TestDatabase;

class JdbcMeterStoreH2Test extends JdbcMeterStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
