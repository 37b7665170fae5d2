package io.meterhub.platform.prepay;

import io.meterhub.platform.store.TestDatabase;

class TariffChargingPostgresTest extends TariffChargingContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
