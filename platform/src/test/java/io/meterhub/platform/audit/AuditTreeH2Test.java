package io.meterhub.platform.audit;

import io.meterhub.platform.store.TestDatabase;

class AuditTreeH2Test extends AuditTreeContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
