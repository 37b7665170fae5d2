package io.meterhub.platform.prepay;

import io.meterhub.platform.store.TestDatabase;

class PrepayPolicyPostgresTest extends PrepayPolicyContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
