package io.meterhub.platform.analytics;

import io.meterhub.platform.store.TestDatabase;

class GridAnalyticsPostgresTest extends GridAnalyticsContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
