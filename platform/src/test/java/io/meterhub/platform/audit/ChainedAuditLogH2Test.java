package io.meterhub.platform.audit;

import io.meterhub.platform.store.TestDatabase;

class ChainedAuditLogH2Test extends ChainedAuditLogContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
