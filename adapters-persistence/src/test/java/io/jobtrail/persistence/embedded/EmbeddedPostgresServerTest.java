package io.jobtrail.persistence.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

  @TempDir Path temp;

  @Test
  void givenNewDataDirectory_whenStarted_thenJobtrailDatabaseExistsWithDurableSettings()
      throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(temp.resolve("data"))) {
      assertThat(query(server, "select current_database()")).containsExactly("jobtrail");
      assertThat(query(server, "show fsync")).containsExactly("on");
      assertThat(query(server, "show synchronous_commit")).containsExactly("on");
      assertThat(query(server, "show listen_addresses")).containsExactly("localhost");
    }
  }

  @Test
  void givenStoppedServer_whenStartedAgainOnSameDirectory_thenDataIsKept() throws Exception {
    Path data = temp.resolve("data");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
      update(server, "create table kept (value text)");
      update(server, "insert into kept values ('survives restart')");
    }

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
      assertThat(query(server, "select value from kept")).containsExactly("survives restart");
    }
  }

  @Test
  void givenPostmasterOrphanedByKilledJvm_whenStarted_thenOrphanIsStoppedAndDataKept()
      throws Exception {
    Path data = temp.resolve("data");
    Process child = startServerInChildJvm(data);
    try {
      int port = readPort(child);
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:postgresql://localhost:" + port + "/jobtrail", "postgres", "");
          Statement statement = connection.createStatement()) {
        statement.execute("create table kept (value text)");
        statement.execute("insert into kept values ('survives kill -9')");
      }
    } finally {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    long orphanPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst());
    assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
      assertThat(query(server, "select value from kept")).containsExactly("survives kill -9");
      assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
    }
  }

  @Test
  void givenPidFileNamingAnUnrelatedLiveProcess_whenStarted_thenServerStarts() throws Exception {
    Path data = temp.resolve("data");
    EmbeddedPostgresServer.start(data).close();
    Process unrelated = new ProcessBuilder("sleep", "120").start();
    try {
      Files.writeString(data.resolve("postmaster.pid"), unrelated.pid() + "\n" + data + "\n");

      try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data)) {
        assertThat(query(server, "select 1")).containsExactly("1");
      }
      assertThat(unrelated.isAlive()).isTrue();
    } finally {
      unrelated.destroyForcibly();
    }
  }

  private Process startServerInChildJvm(Path data) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            ChildJvm.class.getName(),
            data.toString())
        .redirectError(temp.resolve("child-stderr.log").toFile())
        .start();
  }

  private static int readPort(Process child) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("PORT ")) {
        return Integer.parseInt(line.substring("PORT ".length()));
      }
    }
    throw new IllegalStateException("child JVM exited without starting PostgreSQL");
  }

  private static List<String> query(EmbeddedPostgresServer server, String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  private static void update(EmbeddedPostgresServer server, String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Runs a server until killed, like an application JVM that dies without shutting down. */
  static final class ChildJvm {
    public static void main(String[] args) throws Exception {
      EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]));
      System.out.println("PORT " + server.port());
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }
}
