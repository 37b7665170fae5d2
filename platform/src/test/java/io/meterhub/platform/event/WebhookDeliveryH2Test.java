package io.meterhub.platform.event;

import io.meterhub.platform.store.TestDatabase;

class WebhookDeliveryH2Test extends WebhookDeliveryContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
