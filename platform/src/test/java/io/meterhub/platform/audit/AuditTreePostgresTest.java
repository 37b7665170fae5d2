package io.meterhub.platform.audit;

import io.meterhub.platform.store.TestDatabase;

class AuditTreePostgresTest extends AuditTreeContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
