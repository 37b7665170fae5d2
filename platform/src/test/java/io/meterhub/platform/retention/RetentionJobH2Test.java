package io.meterhub.platform.retention;

import io.meterhub.platform.store.TestDatabase;

class RetentionJobH2Test extends RetentionJobContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
