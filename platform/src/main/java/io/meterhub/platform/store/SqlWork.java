package io.meterhub.platform.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one JDBC connection. */
@FunctionalInterface
public interface SqlWork<T> {

  T run(Connection connection) throws SQLException;
}
