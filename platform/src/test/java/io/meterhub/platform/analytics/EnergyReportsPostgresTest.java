package io.meterhub.platform.analytics;

import io.meterhub.platform.store.TestDatabase;

class EnergyReportsPostgresTest extends EnergyReportsContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
