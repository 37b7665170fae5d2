package io.meterhub.platform.prepay;

import io.meterhub.platform.store.TestDatabase;

class LedgerConcurrencyPostgresTest extends LedgerConcurrencyContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
