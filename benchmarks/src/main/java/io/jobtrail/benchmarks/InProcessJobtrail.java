package io.jobtrail.benchmarks;

import io.jobtrail.bootstrap.JobtrailApplication;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Jobtrail started in this JVM as {@code ./jobtrail} starts it ({@link JobtrailApplication},
 * its {@code application.properties}): its own embedded PostgreSQL with durable commits, its data
 * directory in a fresh temporary directory (deleted on close), HTTP and WebSocket on 127.0.0.1 and
 * a free port, one operator and one viewer token.
 */
final class InProcessJobtrail implements AutoCloseable {

  static final String OPERATOR_TOKEN = "bench-operator-token-0123456789";
  static final String VIEWER_TOKEN = "bench-viewer-token-0123456789";

  private final Path dataDir;
  private final ConfigurableApplicationContext context;
  private final int port;

  /** The embedded PostgreSQL's data directory (for {@link CpuMeter}). */
  Path postgresDirectory() {
    return dataDir.resolve("postgres");
  }

  private InProcessJobtrail(Path dataDir, ConfigurableApplicationContext context) {
    this.dataDir = dataDir;
    this.context = context;
    this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
  }

  /**
   * Starts Jobtrail with its defaults plus {@code overrides} (e.g. {@code
   * jobtrail.orchestrator.enabled=false}).
   */
  static InProcessJobtrail start(Map<String, String> overrides) throws IOException {
    // Warnings and errors only, on stderr: slf4j-simple for Spring and the libraries, JUL (which
    // Spring Boot configures without Logback) for Tomcat.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    Path dataDir = Files.createTempDirectory("jobtrail-bench-");
    var properties = new LinkedHashMap<String, Object>();
    properties.put("jobtrail.data-dir", dataDir.toString());
    properties.put("server.address", "127.0.0.1");
    properties.put("server.port", "0");
    properties.put("spring.main.banner-mode", "off");
    properties.put("logging.level.root", "warn");
    properties.put("jobtrail.security.tokens[0].token", OPERATOR_TOKEN);
    properties.put("jobtrail.security.tokens[0].role", "OPERATOR");
    properties.put("jobtrail.security.tokens[0].user", "bench-operator");
    properties.put("jobtrail.security.tokens[1].token", VIEWER_TOKEN);
    properties.put("jobtrail.security.tokens[1].role", "VIEWER");
    properties.put("jobtrail.security.tokens[1].user", "bench-viewer");
    // Benchmarks drive one principal far above the default per-principal rate limits.
    properties.put("jobtrail.rate-limits.enabled", "false");
    properties.putAll(overrides);
    try {
      ConfigurableApplicationContext context =
          new SpringApplicationBuilder(JobtrailApplication.class).properties(properties).run();
      return new InProcessJobtrail(dataDir, context);
    } catch (RuntimeException e) {
      deleteRecursively(dataDir);
      throw e;
    }
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  DataSource dataSource() {
    return context.getBean(DataSource.class);
  }

  URI graphqlHttp() {
    return URI.create("http://127.0.0.1:" + port + "/graphql");
  }

  URI graphqlWebSocket() {
    return URI.create("ws://127.0.0.1:" + port + "/graphql");
  }

  @Override
  public void close() throws IOException {
    try {
      context.close();
    } finally {
      deleteRecursively(dataDir);
    }
  }

  private static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    }
  }
}
