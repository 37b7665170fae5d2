package io.meterhub.platform.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away database for one test class: an H2 file database in a temp dir, or a fresh schema in the PostgreSQL
 * database named by {@code METERHUB_TEST_DB_URL} (a unique schema per run, so concurrent runs do not collide).
 * {@link #open()} may be called several times to get independent pools on the same database.
 */
public final class TestDatabase implements AutoCloseable {

  public static final String URL_ENV = "METERHUB_TEST_DB_URL";

  private final String url;
  private final String user;
  private final String password;
  private final Runnable cleanup;

  private TestDatabase(String url, String user, String password, Runnable cleanup) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.cleanup = cleanup;
  }

  public static TestDatabase h2() {
    try {
      Path dir = Files.createTempDirectory("meterhub-h2-");
      return new TestDatabase(Database.embeddedUrl(dir), "sa", "", () -> deleteTree(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh PostgreSQL schema; skips the calling test class (with a printed notice) when no database is set. */
  public static TestDatabase postgresOrSkip(String testName) {
    String baseUrl = System.getenv(URL_ENV);
    if (baseUrl == null || baseUrl.isBlank()) {
      System.out.println(
          "NOTICE: " + testName + " skipped: set " + URL_ENV + ", METERHUB_TEST_DB_USER and "
              + "METERHUB_TEST_DB_PASSWORD (e.g. eval \"$(.ci/postgres.sh)\") to run the PostgreSQL contract tests");
      Assumptions.abort(URL_ENV + " not set");
    }
    String user = System.getenv().getOrDefault("METERHUB_TEST_DB_USER", "meterhub");
    String password = System.getenv().getOrDefault("METERHUB_TEST_DB_PASSWORD", "");
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    execute(baseUrl, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    execute(baseUrl, user, password, "CREATE SCHEMA " + schema);
    String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestDatabase(
        url, user, password, () -> execute(baseUrl, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE"));
  }

  /** The JDBC URL (for PostgreSQL: of this instance's own schema), e.g. to point a platform node at it. */
  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** A new pool on this database (migrated). */
  public Database open() {
    return open(4);
  }

  /** A new pool of at most {@code maxPoolSize} connections on this database (migrated). */
  public Database open(int maxPoolSize) {
    return Database.open(url, user, password, maxPoolSize);
  }

  /** Empties every table and resets the audit chain head. */
  public static void truncateAll(Database db) {
    db.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            for (String table : new String[] {"meters", "readings", "users", "audit_log", "audit_queue"}) {
              st.executeUpdate("DELETE FROM " + table);
            }
            st.executeUpdate("UPDATE audit_head SET seq = 0, hash = '" + "0".repeat(64) + "' WHERE id = 1");
          }
          return null;
        });
  }

  /** Runs one SQL statement outside the stores (e.g. to tamper with rows). */
  public static int sql(Database db, String statement) {
    return db.withConnection(
        c -> {
          try (Statement st = c.createStatement()) {
            return st.executeUpdate(statement);
          }
        });
  }

  @Override
  public void close() {
    cleanup.run();
  }

  private static void execute(String url, String user, String password, String statement) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement st = c.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run '" + statement + "' on the test database", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
