package io.jobtrail.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in headless Chromium against the real jar ({@code bootstrap/target/jobtrail.jar}
 * on embedded PostgreSQL): the checks in {@code apps-web/e2e/run.mjs} create jobs from the page and
 * assert what a person sees. A small control endpoint lets them restart the server mid-job (same
 * port, same data). Skipped, saying how to install it, when no Chromium is found.
 */
class ConsoleBrowserIT {

  private static final String TOKEN = "browser-test-admin-token-0123456789";
  private static final String VIEWER_TOKEN = "browser-test-viewer-token-0123456789";
  private static final Duration STARTUP = Duration.ofSeconds(120);

  @TempDir static Path dataDir;
  private static Process jobtrail;
  private static int port;
  private static HttpServer control;

  private static Path chromium() {
    String configured = System.getenv("CHROME_PATH");
    return Path.of(configured != null && !configured.isBlank() ? configured : "/usr/bin/chromium");
  }

  private static Path webDir() {
    return Path.of(System.getProperty("jobtrail.webDir", "../apps-web"))
        .toAbsolutePath()
        .normalize();
  }

  @BeforeAll
  static void startJobtrail() throws Exception {
    assumeTrue(
        Files.isExecutable(chromium()),
        "Chromium not found at "
            + chromium()
            + ": install it (Debian: apt-get install -y chromium) or set CHROME_PATH; .ci/run"
            + " installs it");
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    start();
    control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    control.createContext("/restart", ConsoleBrowserIT::restart);
    control.start();
  }

  /** POST /restart: stops the server as a deployment would and starts it again on the same data. */
  private static void restart(HttpExchange exchange) throws IOException {
    int status = 200;
    try {
      stop();
      start();
    } catch (Exception | AssertionError e) {
      status = 500;
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  private static void start() throws Exception {
    Path jar = Path.of(System.getProperty("jobtrail.jar", "target/jobtrail.jar"));
    assertThat(jar).as("the runnable jar is built at package").exists();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    var builder =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-jar",
                    jar.toAbsolutePath().toString(),
                    "--server.port=" + port,
                    "--jobtrail.data-dir=" + dataDir,
                    // The checks write a 10,000-event history a few hundred commands a request.
                    "--jobtrail.rate-limits.enabled=false",
                    // Few jobs at once, so the browser can see jobs waiting as QUEUED.
                    "--jobtrail.orchestrator.workers=4",
                    "--jobtrail.orchestrator.max-active-jobs=4",
                    // The alert checks' webhook receiver listens on 127.0.0.1.
                    "--jobtrail.alerts.allow-private-targets=true"))
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(dataDir.resolve("jobtrail.log").toFile()));
    builder.environment().put("JOBTRAIL_SECURITY_TOKENS_0_TOKEN", TOKEN);
    builder.environment().put("JOBTRAIL_SECURITY_TOKENS_0_ROLE", "ADMIN");
    builder.environment().put("JOBTRAIL_SECURITY_TOKENS_0_USER", "browser");
    builder.environment().put("JOBTRAIL_SECURITY_TOKENS_1_TOKEN", VIEWER_TOKEN);
    builder.environment().put("JOBTRAIL_SECURITY_TOKENS_1_ROLE", "VIEWER");
    builder.environment().put("JOBTRAIL_SECURITY_TOKENS_1_USER", "reader");
    jobtrail = builder.start();
    awaitHealthy();
  }

  private static void awaitHealthy() throws Exception {
    var client = HttpClient.newHttpClient();
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build();
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!jobtrail.isAlive()) {
        throw new AssertionError("Jobtrail exited during startup:\n" + log());
      }
      try {
        var response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("UP")) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Jobtrail did not become healthy in " + STARTUP + ":\n" + log());
  }

  private static String log() throws IOException {
    Path log = dataDir.resolve("jobtrail.log");
    return Files.exists(log) ? Files.readString(log) : "(no log)";
  }

  @AfterAll
  static void stopJobtrail() throws Exception {
    if (control != null) {
      control.stop(0);
    }
    stop();
  }

  private static void stop() throws InterruptedException {
    if (jobtrail != null) {
      jobtrail.destroy();
      if (!jobtrail.waitFor(30, TimeUnit.SECONDS)) {
        jobtrail.destroyForcibly();
        jobtrail.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void consoleShowsJobsLiveAndRightOnEveryPageAndScreen() throws Exception {
    Path node = webDir().resolve("node").resolve("node");
    assertThat(node).as("Node is installed by the apps-web build").exists();
    Path output = dataDir.resolve("e2e.log");
    var builder =
        new ProcessBuilder(node.toString(), webDir().resolve("e2e").resolve("run.mjs").toString())
            .directory(webDir().toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().put("JOBTRAIL_BASE_URL", "http://127.0.0.1:" + port);
    builder.environment().put("JOBTRAIL_TOKEN", TOKEN);
    builder.environment().put("JOBTRAIL_VIEWER_TOKEN", VIEWER_TOKEN);
    builder.environment().put("CHROME_PATH", chromium().toString());
    builder
        .environment()
        .put("JOBTRAIL_CONTROL_URL", "http://127.0.0.1:" + control.getAddress().getPort());
    Process e2e = builder.start();
    boolean finished = e2e.waitFor(15, TimeUnit.MINUTES);
    String report = Files.readString(output);
    System.out.println(report);
    assertThat(finished).as("browser checks finished in time:\n" + report).isTrue();
    assertThat(e2e.exitValue())
        .as("browser checks:\n" + report + "\nserver log:\n" + log())
        .isZero();
    assertThat(report.lines()).anyMatch(line -> line.startsWith("PASS "));
    assertThat(report.lines()).noneMatch(line -> line.startsWith("FAIL "));
    assertThat(report.lines()).noneMatch(line -> line.contains("skipped"));
    assertThat(report).containsPattern("(?m)^e2e: [1-9][0-9]* passed, 0 failed$");
  }
}
