package io.meterhub.platform.audit;

import io.meterhub.platform.store.TestDatabase;

class ChainedAuditLogPostgresTest extends ChainedAuditLogContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
