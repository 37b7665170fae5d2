package io.meterhub.platform.retention;

import io.meterhub.platform.store.TestDatabase;

class RetentionJobPostgresTest extends RetentionJobContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
