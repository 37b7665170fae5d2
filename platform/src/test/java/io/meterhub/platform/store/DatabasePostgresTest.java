package io.meterhub.platform.store;

class DatabasePostgresTest extends DatabaseContractTest {

  @Override
  protected TestDatabase createTarget() {
    return TestDatabase.postgresOrSkip(getClass().getSimpleName());
  }

  @Override
  protected SqlDialect expectedDialect() {
    return SqlDialect.POSTGRESQL;
  }
}
