package io.meterhub.platform.prepay;

import io.meterhub.platform.store.TestDatabase;

class CreditFollowUpH2Test extends CreditFollowUpContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
