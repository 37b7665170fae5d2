package io.meterhub.platform.prepay;

import io.meterhub.platform.store.TestDatabase;

class LedgerConcurrencyH2Test extends LedgerConcurrencyContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
