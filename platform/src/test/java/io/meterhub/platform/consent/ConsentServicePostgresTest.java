package io.meterhub.platform.consent;

import io.meterhub.platform.store.TestDatabase;

class ConsentServicePostgresTest extends ConsentServiceContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
