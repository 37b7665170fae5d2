package io.meterhub.platform.analytics;

import io.meterhub.platform.store.TestDatabase;

class EnergyReportsH2Test extends EnergyReportsContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
