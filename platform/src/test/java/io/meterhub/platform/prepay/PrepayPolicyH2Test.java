package io.meterhub.platform.prepay;

import io.meterhub.platform.store.TestDatabase;

class PrepayPolicyH2Test extends PrepayPolicyContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
