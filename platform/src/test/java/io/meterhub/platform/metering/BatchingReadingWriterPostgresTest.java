package io.meterhub.platform.metering;

import io.meterhub.platform.store.TestDatabase;

class BatchingReadingWriterPostgresTest extends BatchingReadingWriterContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
