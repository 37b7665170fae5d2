package io.meterhub.platform.event;

import io.meterhub.platform.store.TestDatabase;

class EventPipelineH2Test extends EventPipelineContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
