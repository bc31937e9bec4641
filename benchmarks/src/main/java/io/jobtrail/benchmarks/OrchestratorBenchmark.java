package io.jobtrail.benchmarks;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.log.LogLevel;
import io.jobtrail.application.log.LogLine;
import io.jobtrail.application.orchestrator.Orchestrator;
import io.jobtrail.application.port.in.ControlJob;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * The orchestrator benchmark: a real Jobtrail in this JVM (its embedded PostgreSQL, durable
 * commits, default settings: 128 workers), jobs on the simulated agent with zero latency.
 *
 * <ol>
 *   <li>With the orchestrator not yet started, one client at a time: a plain JDBC INSERT of one
 *       event, one {@code JobEventStore.append}, and the API commands (create, pause/resume)
 *       through the inbound port and through GraphQL over HTTP; each call returns after its commit.
 *   <li>The orchestrator starts; warm-up jobs; then jobs one at a time (the overhead per step with
 *       nothing queued).
 *   <li>The load: {@code jobs} jobs created over GraphQL HTTP as fast as a few clients can, run to
 *       the end; jobs/s and events/s from the first request to the last event, the per-step gaps
 *       under load from the stored events, the CPU per job.
 *   <li>Two instances: a second Jobtrail in this JVM on the first one's database, and the same load
 *       with half the clients on each; jobs/s, and how many jobs each instance ran.
 * </ol>
 */
final class OrchestratorBenchmark {

  /** How many jobs each part runs; every wait is also bounded by {@code deadline}. */
  record Size(int jobs, int warmupJobs, int sequentialJobs, int submitters, Duration deadline) {
    static final Size FULL = new Size(1_000, 100, 100, 4, Duration.ofMinutes(10));
    static final Size QUICK = new Size(200, 20, 20, 4, Duration.ofMinutes(3));
  }

  static final String TASK = "write a function that adds two numbers";
  static final Map<String, Object> ZERO_LATENCY =
      Map.of("simulated", Map.of("latencyMs", 0, "quiet", true));
  private static final CommandOrigin OPERATOR = CommandOrigin.user("bench-operator");
  private static final String CREATE =
      "mutation($input: CreateJobInput!) { createJob(input: $input) { id status version } }";
  private static final String PAUSE =
      "mutation($id: ID!) { pauseJob(id: $id, reason: \"bench\") { id version } }";
  private static final String RESUME = "mutation($id: ID!) { resumeJob(id: $id) { id version } }";

  private final Timing timing;
  private final Size size;
  private final Path resultsDirectory;

  OrchestratorBenchmark(Timing timing, Size size, Path resultsDirectory) {
    this.timing = timing;
    this.size = size;
    this.resultsDirectory = resultsDirectory;
  }

  void run() throws Exception {
    progress("starting Jobtrail in this JVM (embedded PostgreSQL, durable commits)");
    try (var jobtrail = InProcessJobtrail.start(Map.of("jobtrail.orchestrator.enabled", "false"))) {
      DataSource dataSource = jobtrail.dataSource();
      var report = new OrchestratorReport(Machine.describe(dataSource), timing, size);
      calibrate(jobtrail, report);
      cancelLeftovers(dataSource, jobtrail.bean(ControlJob.class));

      CreateJob create = jobtrail.bean(CreateJob.class);
      jobtrail.bean(Orchestrator.class).start();
      try (var completions = new Completions(jobtrail.bean(EventHub.class))) {
        progress("warm-up: " + size.warmupJobs() + " jobs");
        var warmup = new ArrayList<JobId>();
        for (int i = 0; i < size.warmupJobs(); i++) {
          warmup.add(create.create(job("bench-warmup-" + i, true), OPERATOR).id());
        }
        require(completions.await(warmup, size.deadline()), "the warm-up jobs did not finish");

        progress(size.sequentialJobs() + " jobs, one at a time");
        var sequential = new ArrayList<JobId>();
        for (int i = 0; i < size.sequentialJobs(); i++) {
          JobId id = create.create(job("bench-single-" + i, true), OPERATOR).id();
          sequential.add(id);
          require(completions.await(List.of(id), Duration.ofSeconds(30)), "job " + id + " hung");
        }
        report.oneAtATime(StepTimes.of(dataSource, sequential));

        progress(size.jobs() + " jobs over GraphQL HTTP from " + size.submitters() + " clients");
        load(jobtrail, completions, report);

        progress(size.jobs() + " jobs on two instances sharing the database");
        twoInstances(jobtrail, completions, report);
      }

      System.out.println();
      System.out.println(report.markdown());
      Path written = report.writeJson(resultsDirectory);
      System.out.println("Figures written to " + written);
    }
  }

  /** The floor and the API's command path, nothing else running. */
  private void calibrate(InProcessJobtrail jobtrail, OrchestratorReport report) throws Exception {
    DataSource dataSource = jobtrail.dataSource();
    execute(dataSource, "create table " + PlainWriter.TABLE + " (like job_events including all)");
    Runnable checkpoint = () -> execute(dataSource, "checkpoint");
    String data = CanonicalJson.write(JobtrailWriter.sampleDocument());
    String metadata = CanonicalJson.write(EventHashing.metadataDocument(Events.METADATA));
    JobEventStore store = jobtrail.bean(JobEventStore.class);
    CreateJob create = jobtrail.bean(CreateJob.class);
    ControlJob control = jobtrail.bean(ControlJob.class);
    var http = new GraphQlHttp(jobtrail.graphqlHttp(), InProcessJobtrail.OPERATOR_TOKEN);

    progress("plain INSERT of one event");
    report.idle(
        "plain INSERT of one event (JDBC, autocommit)",
        WriteRun.run(
            "plain INSERT",
            1,
            1,
            timing,
            checkpoint,
            i -> new PlainWriter(dataSource, 1, data, metadata)));
    progress("JobEventStore.append of one event");
    report.idle(
        "JobEventStore.append of one event",
        WriteRun.run("append", 1, 1, timing, checkpoint, i -> new JobtrailWriter(store, 1)));
    progress("JobLogs.append of one line");
    JobLogs logs = jobtrail.bean(JobLogs.class);
    JobId logged = create.create(job("bench-logged", false), OPERATOR).id();
    report.idle(
        "JobLogs.append of one log line",
        WriteRun.run(
            "log line",
            1,
            1,
            timing,
            checkpoint,
            i ->
                () ->
                    logs.append(
                        logged,
                        List.of(
                            new LogLine(
                                Instant.now(),
                                LogLevel.INFO,
                                "planner-1",
                                "calling the planner",
                                null,
                                null,
                                "bench")))));
    progress("createJob through the inbound port");
    var created = new AtomicInteger();
    report.idle(
        "createJob (start: false) through the inbound port",
        WriteRun.run(
            "createJob",
            1,
            1,
            timing,
            checkpoint,
            i ->
                () ->
                    create.create(
                        job("bench-create-" + created.incrementAndGet(), false), OPERATOR)));
    progress("pauseJob / resumeJob through the inbound port");
    JobId toggled = create.create(job("bench-toggle-port", true), OPERATOR).id();
    var pausedViaPort = new boolean[] {false};
    report.idle(
        "pauseJob / resumeJob (alternating) through the inbound port",
        WriteRun.run(
            "pause/resume",
            1,
            1,
            timing,
            checkpoint,
            i ->
                () -> {
                  if (pausedViaPort[0]) {
                    control.resume(toggled, OPERATOR);
                  } else {
                    control.pause(toggled, "bench", OPERATOR);
                  }
                  pausedViaPort[0] = !pausedViaPort[0];
                }));
    String viaHttp =
        http.execute(CREATE, Map.of("input", input("bench-toggle-http", true)))
            .path("createJob")
            .path("id")
            .asString();
    var paused = new boolean[] {false};
    // The HTTP path (Tomcat, Spring MVC, graphql-java) is far more code than the port's, and the
    // rows' own warm-up is too short for the JIT to compile it: warm it up first, as a server that
    // has run for a while is.
    Duration httpWarmup = timing.warmup().multipliedBy(5);
    progress("warming up GraphQL HTTP for " + httpWarmup.toSeconds() + " s");
    long warmEnd = System.nanoTime() + httpWarmup.toNanos();
    while (System.nanoTime() < warmEnd) {
      http.execute(
          CREATE, Map.of("input", input("bench-warm-http-" + created.incrementAndGet(), false)));
      http.execute(paused[0] ? RESUME : PAUSE, Map.of("id", viaHttp));
      paused[0] = !paused[0];
    }
    progress("createJob over GraphQL HTTP");
    report.idle(
        "createJob (start: false) over GraphQL HTTP",
        WriteRun.run(
            "createJob http",
            1,
            1,
            timing,
            checkpoint,
            i ->
                () ->
                    http.execute(
                        CREATE,
                        Map.of(
                            "input",
                            input("bench-create-http-" + created.incrementAndGet(), false)))));
    progress("pauseJob / resumeJob over GraphQL HTTP");
    report.idle(
        "pauseJob / resumeJob (alternating) over GraphQL HTTP",
        WriteRun.run(
            "pause/resume http",
            1,
            1,
            timing,
            checkpoint,
            i ->
                () -> {
                  http.execute(paused[0] ? RESUME : PAUSE, Map.of("id", viaHttp));
                  paused[0] = !paused[0];
                }));
  }

  /** The load: {@code size.jobs()} jobs created over HTTP by a few clients, run to the end. */
  private void load(InProcessJobtrail jobtrail, Completions completions, OrchestratorReport report)
      throws Exception {
    LoadRun run = submit(jobtrail, List.of(jobtrail), "bench-load-", completions);
    report.load(
        StepTimes.of(jobtrail.dataSource(), run.ids()),
        run.create(),
        StepTimes.micros(run.firstRequest()),
        run.submitting(),
        run.cpu());
  }

  /**
   * A second instance in this JVM on the first one's database (its own orchestrator, leases and
   * live reader), and the same load with the clients split between the two.
   */
  private void twoInstances(
      InProcessJobtrail first, Completions completions, OrchestratorReport report)
      throws Exception {
    String url;
    String user;
    try (Connection connection = first.dataSource().getConnection()) {
      url = connection.getMetaData().getURL();
      user = connection.getMetaData().getUserName();
    }
    try (var second =
        InProcessJobtrail.start(
            Map.of("spring.datasource.url", url, "spring.datasource.username", user))) {
      // Warmed up like the first: jobs created on the second instance, which it claims at once.
      CreateJob create = second.bean(CreateJob.class);
      var warmup = new ArrayList<JobId>();
      for (int i = 0; i < size.warmupJobs(); i++) {
        warmup.add(create.create(job("bench-warmup-second-" + i, true), OPERATOR).id());
      }
      require(completions.await(warmup, size.deadline()), "the second warm-up did not finish");
      LoadRun run = submit(first, List.of(first, second), "bench-two-", completions);
      report.twoInstances(
          StepTimes.of(first.dataSource(), run.ids()),
          StepTimes.micros(run.firstRequest()),
          run.cpu(),
          jobsByInstance(first.dataSource(), run.ids()));
    }
  }

  /** What one load measured: the jobs, createJob's latency, when and how long, the CPU used. */
  private record LoadRun(
      List<JobId> ids,
      Latency create,
      Instant firstRequest,
      Duration submitting,
      CpuMeter.Sample cpu) {}

  /**
   * {@code size.jobs()} jobs created over GraphQL HTTP by {@code size.submitters()} clients (client
   * {@code c} on instance {@code c} mod the number of instances), run to the end.
   */
  private LoadRun submit(
      InProcessJobtrail database,
      List<InProcessJobtrail> instances,
      String prefix,
      Completions completions)
      throws Exception {
    int jobs = size.jobs();
    int clients = size.submitters();
    var ids = Collections.synchronizedList(new ArrayList<JobId>(jobs));
    var next = new AtomicInteger();
    long deadline = System.nanoTime() + size.deadline().toNanos();
    var cpu = new CpuMeter(database.postgresDirectory());
    CpuMeter.Sample cpuBefore = cpu.sample();
    Instant firstRequest = Instant.now();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    var latency = new Latency();
    try {
      var futures = new ArrayList<Future<Latency>>();
      for (int c = 0; c < clients; c++) {
        InProcessJobtrail instance = instances.get(c % instances.size());
        futures.add(
            pool.submit(
                () -> {
                  var http =
                      new GraphQlHttp(instance.graphqlHttp(), InProcessJobtrail.OPERATOR_TOKEN);
                  var mine = new Latency();
                  for (int n = next.getAndIncrement();
                      n < jobs && System.nanoTime() < deadline;
                      n = next.getAndIncrement()) {
                    long started = System.nanoTime();
                    JsonNode data = http.execute(CREATE, Map.of("input", input(prefix + n, true)));
                    mine.record(System.nanoTime() - started);
                    ids.add(
                        new JobId(UUID.fromString(data.path("createJob").path("id").asString())));
                  }
                  return mine;
                }));
      }
      for (Future<Latency> future : futures) {
        latency.add(future.get(size.deadline().toSeconds() + 60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    Instant lastRequest = Instant.now();
    require(
        ids.size() == jobs, "only " + ids.size() + " of " + jobs + " jobs were created in time");
    long left = Math.max(1, deadline - System.nanoTime());
    require(completions.await(ids, Duration.ofNanos(left)), "the jobs did not all finish in time");
    return new LoadRun(
        List.copyOf(ids),
        latency,
        firstRequest,
        Duration.between(firstRequest, lastRequest),
        cpu.sample().minus(cpuBefore));
  }

  /** How many of the jobs each instance completed (the instance in the event's metadata). */
  private static Map<String, Integer> jobsByInstance(DataSource dataSource, List<JobId> jobs)
      throws Exception {
    var counts = new java.util.TreeMap<String, Integer>();
    try (Connection connection = dataSource.getConnection();
        var statement =
            connection.prepareStatement(
                "select metadata->>'instanceId', count(*) from job_events"
                    + " where job_id = any(?) and event_type = 'JobCompleted' group by 1")) {
      statement.setArray(
          1, connection.createArrayOf("uuid", jobs.stream().map(JobId::value).toArray()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getString(1), rows.getInt(2));
        }
      }
    }
    return counts;
  }

  /** The jobs left RUNNING or PAUSED by the calibration would otherwise be claimed and driven. */
  private static void cancelLeftovers(DataSource dataSource, ControlJob control) throws Exception {
    var leftovers = new ArrayList<JobId>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select job_id from job_summaries where status in ('RUNNING', 'PAUSED')")) {
      while (rows.next()) {
        leftovers.add(new JobId(rows.getObject(1, UUID.class)));
      }
    }
    for (JobId id : leftovers) {
      control.cancel(id, "calibration done", OPERATOR);
    }
  }

  static NewJob job(String name, boolean start) {
    return new NewJob(
        name, TASK, ZERO_LATENCY, AgentAssignment.ALL_SIMULATED, JobLimits.DEFAULT, start);
  }

  static Map<String, Object> input(String name, boolean start) {
    return Map.of("name", name, "task", TASK, "parameters", ZERO_LATENCY, "start", start);
  }

  private static void execute(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  private static void progress(String what) {
    System.err.println("[bench] " + what + " ...");
  }
}
