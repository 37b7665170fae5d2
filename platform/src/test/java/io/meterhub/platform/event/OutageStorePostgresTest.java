package io.meterhub.platform.event;

import io.meterhub.platform.store.TestDatabase;

class OutageStorePostgresTest extends OutageStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
