package io.meterhub.platform.prepay;

import io.meterhub.platform.store.TestDatabase;

class TariffChargingH2Test extends TariffChargingContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
