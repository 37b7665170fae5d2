package io.meterhub.platform.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL database of a node: a HikariCP pool, its dialect, and the schema migrated by Flyway at open. Closing it
 * closes the pool.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** Pool size when none is given: a few concurrent JDBC users per node (reading writer, API workers, audit). */
  public static final int DEFAULT_POOL_SIZE = 8;

  private final HikariDataSource dataSource;
  private final SqlDialect dialect;
  private final Durability durability;

  private Database(HikariDataSource dataSource, SqlDialect dialect, Durability durability) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.durability = durability;
  }

  /**
   * The JDBC URL of the embedded H2 database kept in {@code dataDir}. H2 writes committed changes to its file from a
   * background thread every WRITE_DELAY (500 ms by default), so a killed process loses what was committed since
   * (EmbeddedCrashTest); what must survive waits for {@link #durability()}, a group commit.
   */
  public static String embeddedUrl(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    // async: (AsynchronousFileChannel) because threads that may be interrupted write the file: with a plain
    // FileChannel, an interrupted writing thread closed the channel and H2 closed the whole database
    // ("ClosedByInterruptException", seen when a test stopped a node's pools)
    return "jdbc:h2:async:" + dataDir.toAbsolutePath().resolve("meterhub") + ";AUTO_SERVER=FALSE;LOCK_TIMEOUT=10000"
        // H2 keeps 8 parsed statements per session by default; the prepayment charger alone uses more, and re-parsing
        // them was the charger's largest CPU cost under load (profiled)
        + ";QUERY_CACHE_SIZE=64"
        // The node closes the database itself, last, in its shutdown hook; H2's own hook closed it at the same time,
        // under the work still finishing (queued relay orders and displays failed with "Database is already closed")
        + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  /** Opens (creating when needed) the embedded H2 database in {@code dataDir} and migrates it. */
  public static Database embedded(Path dataDir) {
    return embedded(dataDir, DEFAULT_POOL_SIZE);
  }

  /** {@link #embedded(Path)} with {@code maxPoolSize} connections. */
  public static Database embedded(Path dataDir, int maxPoolSize) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + dataDir, e);
    }
    return open(embeddedUrl(dataDir), "sa", "", maxPoolSize);
  }

  /** Opens a pool to an H2 or PostgreSQL database and migrates its schema. */
  public static Database open(String url, String user, String password) {
    return open(url, user, password, DEFAULT_POOL_SIZE);
  }

  /** Opens a pool of at most {@code maxPoolSize} connections and migrates the schema. */
  public static Database open(String url, String user, String password, int maxPoolSize) {
    SqlDialect dialect = SqlDialect.fromUrl(url);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(Math.min(2, maxPoolSize));
    config.setPoolName("meterhub-db");
    if (dialect == SqlDialect.POSTGRESQL) {
      // Turns JDBC batches into multi-row INSERTs: several times faster reading ingestion.
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      migrate(dataSource, dialect);
      return new Database(dataSource, dialect, durability(url, user, password, dialect));
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** A PostgreSQL commit returns once it is durable; an H2 file store needs its group commit. */
  private static Durability durability(String url, String user, String password, SqlDialect dialect) {
    if (dialect != SqlDialect.H2 || url.startsWith("jdbc:h2:mem:")) {
      return Durability.AT_COMMIT;
    }
    Connection flushing = null;
    try {
      flushing = DriverManager.getConnection(url, user, password);
      // Once now, so a user that may not flush (CHECKPOINT needs an H2 admin) stops the start instead of failing
      // every later reply with 503
      try (Statement statement = flushing.createStatement()) {
        statement.execute("CHECKPOINT");
      }
      return new GroupCommit(flushing);
    } catch (SQLException e) {
      closeQuietly(flushing);
      throw new StoreException("cannot flush commits to the H2 file (CHECKPOINT needs an admin user): "
          + e.getMessage(), e);
    }
  }

  /**
   * Publishes the pool's gauges and timers ({@code hikaricp_connections_active}, {@code _pending}, {@code _acquire}
   * …, tag {@code pool="meterhub-db"}): whether work waits for a connection is otherwise invisible; and on an H2
   * file, its group commits. Once per database.
   */
  public void bindMetrics(MeterRegistry registry) {
    dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    if (durability instanceof GroupCommit groupCommit) {
      groupCommit.bindMetrics(registry);
    }
  }

  private static void migrate(DataSource dataSource, SqlDialect dialect) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration/common", "classpath:db/migration/" + dialect.flywayVendor())
            .load()
            .migrate();
    LOG.info(
        "schema of {} database at version {} ({} migrations applied)",
        dialect,
        result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
        result.migrationsExecuted);
  }

  public SqlDialect dialect() {
    return dialect;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * When this database's commits survive a killed process: at once on PostgreSQL, after the next group commit on
   * an H2 file. Whatever is acknowledged outside the node (an API reply) waits for it.
   */
  public Durability durability() {
    return durability;
  }

  /** Runs work on a pooled connection in auto-commit mode. */
  public <T> T withConnection(SqlWork<T> work) {
    Objects.requireNonNull(work, "work");
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new StoreException("database operation failed: " + e.getMessage(), e);
    }
  }

  /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(SqlWork<T> work) {
    Objects.requireNonNull(work, "work");
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("database transaction failed: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the start fails anyway; the cause above is what matters
      }
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    if (durability instanceof GroupCommit groupCommit) {
      groupCommit.close();
    }
    dataSource.close();
  }
}
