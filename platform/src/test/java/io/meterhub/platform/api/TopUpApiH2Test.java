package io.meterhub.platform.api;

import io.meterhub.platform.store.TestDatabase;

class TopUpApiH2Test extends TopUpApiContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
