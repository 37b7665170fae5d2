package io.meterhub.platform.api;

import io.meterhub.platform.store.TestDatabase;

class TopUpApiPostgresTest extends TopUpApiContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
