package io.meterhub.platform.pki;

import io.meterhub.platform.store.TestDatabase;

class JdbcCertificateStorePostgresTest extends JdbcCertificateStoreContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }
}
