package io.meterhub.platform.pki;

import io.meterhub.platform.store.TestDatabase;

class JdbcCertificateStoreH2Test extends JdbcCertificateStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }
}
