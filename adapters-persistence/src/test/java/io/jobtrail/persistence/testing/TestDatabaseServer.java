package io.jobtrail.persistence.testing;

import io.jobtrail.persistence.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The one PostgreSQL server of a test JVM on which {@link TestDatabase} creates its databases:
 * either the server named by {@value TestDatabase#URL_VARIABLE} or an embedded one in a temporary
 * directory, started on first use.
 */
final class TestDatabaseServer {

  private static final Pattern POSTGRES_URL =
      Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?");

  private final String urlPrefix;
  private final String adminDatabase;
  private final String urlParameters;
  private final @Nullable String user;
  private final @Nullable String password;
  private final Set<String> openDatabases = ConcurrentHashMap.newKeySet();

  private TestDatabaseServer(
      String urlPrefix,
      String adminDatabase,
      String urlParameters,
      @Nullable String user,
      @Nullable String password) {
    this.urlPrefix = urlPrefix;
    this.adminDatabase = adminDatabase;
    this.urlParameters = urlParameters;
    this.user = user;
    this.password = password;
  }

  static TestDatabaseServer instance() {
    return Holder.INSTANCE;
  }

  /** Initialization-on-demand: the server starts when the first test database is created. */
  private static final class Holder {
    static final TestDatabaseServer INSTANCE = start();
  }

  private static TestDatabaseServer start() {
    String url = System.getenv(TestDatabase.URL_VARIABLE);
    return url == null || url.isBlank() ? startEmbedded() : external(url.strip());
  }

  private static TestDatabaseServer external(String url) {
    Matcher matcher = POSTGRES_URL.matcher(url);
    if (!matcher.matches() || matcher.group(2).isEmpty()) {
      throw new IllegalStateException(
          TestDatabase.URL_VARIABLE
              + " must look like jdbc:postgresql://host:port/database[?parameters], was "
              + url);
    }
    String parameters = matcher.group(3) == null ? "" : matcher.group(3);
    TestDatabaseServer server =
        new TestDatabaseServer(matcher.group(1), matcher.group(2), parameters, null, null);
    // Tests that forget close() must not leave databases behind on a shared server.
    Runtime.getRuntime()
        .addShutdownHook(new Thread(server::dropOpenDatabases, "test-database-cleanup"));
    return server;
  }

  private static TestDatabaseServer startEmbedded() {
    try {
      Path directory = Files.createTempDirectory("jobtrail-test-postgres-");
      // Throwaway cluster: durability settings off for speed.
      EmbeddedPostgresServer embedded =
          EmbeddedPostgresServer.builder(directory.resolve("data"))
              .serverConfig("fsync", "off")
              .serverConfig("synchronous_commit", "off")
              .serverConfig("full_page_writes", "off")
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> stopAndDelete(embedded, directory), "test-postgres-shutdown"));
      return new TestDatabaseServer(
          "jdbc:postgresql://localhost:" + embedded.port() + "/",
          "postgres",
          "",
          embedded.user(),
          embedded.password());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start embedded PostgreSQL for tests", e);
    }
  }

  private static void stopAndDelete(EmbeddedPostgresServer embedded, Path directory) {
    try {
      embedded.close();
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    } catch (IOException e) {
      System.err.println("Could not clean up test PostgreSQL in " + directory + ": " + e);
    }
  }

  String jdbcUrl(String database) {
    return urlPrefix + database + urlParameters;
  }

  @Nullable String user() {
    return user;
  }

  @Nullable String password() {
    return password;
  }

  void createDatabase(String name) {
    execute("create database " + quote(name));
    openDatabases.add(name);
  }

  void dropDatabase(String name) {
    execute("drop database if exists " + quote(name) + " with (force)");
    openDatabases.remove(name);
  }

  private void dropOpenDatabases() {
    for (String name : Set.copyOf(openDatabases)) {
      try {
        dropDatabase(name);
      } catch (RuntimeException e) {
        System.err.println("Could not drop test database " + name + ": " + e);
      }
    }
  }

  private void execute(String sql) {
    Properties credentials = new Properties();
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    try (Connection connection = DriverManager.getConnection(jdbcUrl(adminDatabase), credentials);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Failed on the test database server: " + sql, e);
    }
  }

  private static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
