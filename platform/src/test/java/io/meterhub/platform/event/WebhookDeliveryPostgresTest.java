package io.meterhub.platform.event;

import io.meterhub.platform.store.TestDatabase;

class WebhookDeliveryPostgresTest extends WebhookDeliveryContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
