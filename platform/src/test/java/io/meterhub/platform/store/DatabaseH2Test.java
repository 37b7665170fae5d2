package io.meterhub.platform.store;

class DatabaseH2Test extends DatabaseContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.h2();
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.H2;
  }
}
