package io.meterhub.platform.event;

import io.meterhub.platform.store.TestDatabase;

class EventPipelinePostgresTest extends EventPipelineContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
