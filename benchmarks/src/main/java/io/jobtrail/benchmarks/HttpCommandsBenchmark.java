package io.jobtrail.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.port.in.ControlJob;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.domain.job.JobId;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code benchmarks/run http}: what a command costs over GraphQL HTTP against the same command
 * through the inbound port, with nothing else running (orchestrator off, one client, keep-alive). A
 * longer warm-up than the orchestrator suite's calibration, so the HTTP path is compiled before it
 * is measured; each row also reports this JVM's CPU per call (server and client), which moves far
 * less than latency on a shared machine.
 */
final class HttpCommandsBenchmark {

  record Size(Duration warmup, Duration measure, int maxCalls) {
    static final Size FULL = new Size(Duration.ofSeconds(15), Duration.ofSeconds(10), 200_000);
    static final Size QUICK = new Size(Duration.ofSeconds(5), Duration.ofSeconds(4), 50_000);
  }

  private static final CommandOrigin OPERATOR = CommandOrigin.user("bench-operator");
  private static final String PAUSE =
      "mutation($id: ID!) { pauseJob(id: $id, reason: \"bench\") { id version } }";
  private static final String RESUME = "mutation($id: ID!) { resumeJob(id: $id) { id version } }";
  private static final String CREATE =
      "mutation($input: CreateJobInput!) { createJob(input: $input) { id status version } }";
  private static final String QUERY = "query($id: ID!) { job(id: $id) { id status version } }";

  private interface Call {
    void run() throws Exception;
  }

  private record Row(String what, String path, Latency latency, double cpuMicrosPerCall) {}

  private final Size size;
  private final Path resultsDirectory;

  HttpCommandsBenchmark(Size size, Path resultsDirectory) {
    this.size = size;
    this.resultsDirectory = resultsDirectory;
  }

  void run() throws Exception {
    progress(
        "starting Jobtrail in this JVM (embedded PostgreSQL, durable commits, no orchestrator)");
    try (var jobtrail = InProcessJobtrail.start(Map.of("jobtrail.orchestrator.enabled", "false"))) {
      Map<String, String> machine = Machine.describe(jobtrail.dataSource());
      CreateJob create = jobtrail.bean(CreateJob.class);
      ControlJob control = jobtrail.bean(ControlJob.class);
      var http = new GraphQlHttp(jobtrail.graphqlHttp(), InProcessJobtrail.OPERATOR_TOKEN);

      JobId viaPort =
          create.create(OrchestratorBenchmark.job("bench-http-port", true), OPERATOR).id();
      String viaHttp =
          http.execute(
                  CREATE, Map.of("input", OrchestratorBenchmark.input("bench-http-toggle", true)))
              .path("createJob")
              .path("id")
              .asString();
      var created = new AtomicInteger();
      var pausedPort = new boolean[] {false};
      var pausedHttp = new boolean[] {false};
      Call port =
          () -> {
            if (pausedPort[0]) {
              control.resume(viaPort, OPERATOR);
            } else {
              control.pause(viaPort, "bench", OPERATOR);
            }
            pausedPort[0] = !pausedPort[0];
          };
      Call toggle =
          () -> {
            http.execute(pausedHttp[0] ? RESUME : PAUSE, Map.of("id", viaHttp));
            pausedHttp[0] = !pausedHttp[0];
          };
      Call query = () -> http.execute(QUERY, Map.of("id", viaHttp));
      Call createOverHttp =
          () ->
              http.execute(
                  CREATE,
                  Map.of(
                      "input",
                      OrchestratorBenchmark.input(
                          "bench-http-create-" + created.incrementAndGet(), false)));

      progress("warm-up: " + size.warmup().toSeconds() + " s of every call below");
      long warmupEnd = System.nanoTime() + size.warmup().toNanos();
      while (System.nanoTime() < warmupEnd) {
        port.run();
        toggle.run();
        query.run();
        createOverHttp.run();
      }

      var rows = new ArrayList<Row>();
      rows.add(measure("pauseJob / resumeJob (alternating)", "inbound port", port));
      rows.add(measure("job(id) { id status version }", "GraphQL HTTP", query));
      rows.add(measure("pauseJob / resumeJob (alternating)", "GraphQL HTTP", toggle));
      rows.add(measure("createJob (start: false)", "GraphQL HTTP", createOverHttp));

      System.out.println();
      System.out.println(markdown(machine, rows));
      Path written = writeJson(machine, rows);
      System.out.println("Figures written to " + written);
    }
  }

  private Row measure(String what, String path, Call call) throws Exception {
    progress(what + " through the " + path);
    var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    var latency = new Latency();
    long cpuStart = os.getProcessCpuTime();
    long end = System.nanoTime() + size.measure().toNanos();
    long now = System.nanoTime();
    int calls = 0;
    while (calls < size.maxCalls() && now < end) {
      call.run();
      long done = System.nanoTime();
      latency.record(done - now);
      now = done;
      calls++;
    }
    double cpuMicros = (os.getProcessCpuTime() - cpuStart) / 1e3 / Math.max(1, calls);
    return new Row(what, path, latency, cpuMicros);
  }

  private String markdown(Map<String, String> machine, List<Row> rows) {
    var out = new StringBuilder("## Commands over GraphQL HTTP\n\n");
    machine.forEach(
        (key, value) -> out.append("- ").append(key).append(": ").append(value).append('\n'));
    out.append(
        String.format(
            Locale.ROOT,
            "- one client, orchestrator off; warm-up %d s, measured %d s per row%n%n",
            size.warmup().toSeconds(),
            size.measure().toSeconds()));
    out.append("| call | path | calls | p50 / p95 / p99 ms | max ms | JVM CPU µs per call |\n");
    out.append("|---|---|---:|---|---:|---:|\n");
    for (Row row : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %s | %.2f | %.0f |%n",
              row.what(),
              row.path(),
              row.latency().count(),
              Report.percentiles(row.latency()),
              row.latency().millis(100),
              row.cpuMicrosPerCall()));
    }
    return out.toString();
  }

  private Path writeJson(Map<String, String> machine, List<Row> rows) throws Exception {
    var root = new LinkedHashMap<String, Object>();
    root.put("suite", "http");
    root.put("machine", machine);
    root.put(
        "settings",
        Map.of(
            "warmupSeconds", size.warmup().toSeconds(),
            "measureSeconds", size.measure().toSeconds()));
    var list = new ArrayList<Map<String, Object>>();
    for (Row row : rows) {
      var map = new LinkedHashMap<String, Object>();
      map.put("call", row.what());
      map.put("path", row.path());
      map.put("latency", Report.latency(row.latency()));
      map.put("jvmCpuMicrosPerCall", Report.round(row.cpuMicrosPerCall()));
      list.add(map);
    }
    root.put("rows", list);
    Files.createDirectories(resultsDirectory);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path file = resultsDirectory.resolve("http-" + stamp + ".json");
    JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    return file;
  }

  private static void progress(String what) {
    System.err.println("[bench] " + what + " ...");
  }
}
