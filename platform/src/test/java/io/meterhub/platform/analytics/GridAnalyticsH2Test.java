package io.meterhub.platform.analytics;

import io.meterhub.platform.store.TestDatabase;

class GridAnalyticsH2Test extends GridAnalyticsContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
