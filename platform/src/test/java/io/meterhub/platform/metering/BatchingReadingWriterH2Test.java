package io.meterhub.platform.metering;

import io.meterhub.platform.store.TestDatabase;

class BatchingReadingWriterH2Test extends BatchingReadingWriterContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
