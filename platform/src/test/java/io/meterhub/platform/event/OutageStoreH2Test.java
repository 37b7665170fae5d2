package io.meterhub.platform.event;

import io.meterhub.platform.store.TestDatabase;

class OutageStoreH2Test extends OutageStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
