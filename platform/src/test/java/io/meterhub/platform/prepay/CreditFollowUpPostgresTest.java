package io.meterhub.platform.prepay;

import io.meterhub.platform.store.TestDatabase;

class CreditFollowUpPostgresTest extends CreditFollowUpContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
