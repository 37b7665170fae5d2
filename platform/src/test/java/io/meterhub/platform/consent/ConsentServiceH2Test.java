package io.meterhub.platform.consent;

import io.meterhub.platform.store.TestDatabase;

class ConsentServiceH2Test extends ConsentServiceContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
