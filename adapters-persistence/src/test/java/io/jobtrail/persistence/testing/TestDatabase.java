package io.jobtrail.persistence.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * A freshly migrated PostgreSQL database for one test: {@code try (var db =
 * TestDatabase.createFresh()) { ... db.dsl() ... }}.
 *
 * <p>All databases of a test JVM live on one server: an embedded PostgreSQL started on first use
 * (and stopped at JVM exit), or, when the environment variable {@value #URL_VARIABLE} is set (e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), the server that URL points to. The
 * URL's database is only used to create and drop the test databases. {@link #close()} drops the
 * database; databases left open are dropped at JVM exit.
 */
public final class TestDatabase implements AutoCloseable {

  /** Environment variable naming an existing server to create the test databases on. */
  public static final String URL_VARIABLE = "JOBTRAIL_TEST_DATABASE_URL";

  private static final int MAXIMUM_POOL_SIZE = 8;

  static {
    // jOOQ prints a banner and a "tip of the day" on first use; keep test output readable.
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
  }

  private final TestDatabaseServer server;
  private final String name;
  private final HikariDataSource dataSource;
  private final DSLContext dsl;
  private final AtomicBoolean closed = new AtomicBoolean();

  private TestDatabase(TestDatabaseServer server, String name, HikariDataSource dataSource) {
    this.server = server;
    this.name = name;
    this.dataSource = dataSource;
    this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES);
  }

  /** Creates a new, uniquely named database and applies the Flyway migrations to it. */
  public static TestDatabase createFresh() {
    return createMigratedTo("latest");
  }

  /**
   * Creates a new, uniquely named database and applies the Flyway migrations up to {@code target}
   * (a version such as {@code "2.1"}, or {@code "latest"}), for tests of what a later migration
   * does to data written before it.
   */
  public static TestDatabase createMigratedTo(String target) {
    TestDatabaseServer server = TestDatabaseServer.instance();
    String name = "jobtrail_test_" + UUID.randomUUID().toString().replace("-", "");
    server.createDatabase(name);
    try {
      String url = server.jdbcUrl(name);
      Flyway.configure()
          .dataSource(url, server.user(), server.password())
          .locations("classpath:db/migration")
          .target(target)
          .load()
          .migrate();
      HikariConfig pool = new HikariConfig();
      pool.setPoolName(name);
      pool.setJdbcUrl(url);
      pool.setUsername(server.user());
      pool.setPassword(server.password());
      pool.setMaximumPoolSize(MAXIMUM_POOL_SIZE);
      pool.setMinimumIdle(0);
      return new TestDatabase(server, name, new HikariDataSource(pool));
    } catch (RuntimeException e) {
      server.dropDatabase(name);
      throw e;
    }
  }

  /** Name of this database on the server. */
  public String name() {
    return name;
  }

  /** JDBC URL of this database; credentials as in {@link #user()} and {@link #password()}. */
  public String jdbcUrl() {
    return server.jdbcUrl(name);
  }

  /** The user to connect as, or null when the URL of {@value #URL_VARIABLE} carries it. */
  public @Nullable String user() {
    return server.user();
  }

  /**
   * The password, or null when the URL of {@value #URL_VARIABLE} carries it (or none is needed).
   */
  public @Nullable String password() {
    return server.password();
  }

  /** A connection pool on this database (at most {@value #MAXIMUM_POOL_SIZE} connections). */
  public DataSource dataSource() {
    return dataSource;
  }

  /** jOOQ on {@link #dataSource()}, PostgreSQL dialect. */
  public DSLContext dsl() {
    return dsl;
  }

  /** Closes the pool and drops the database. */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    dataSource.close();
    server.dropDatabase(name);
  }
}
