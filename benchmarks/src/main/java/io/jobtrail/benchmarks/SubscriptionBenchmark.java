package io.jobtrail.benchmarks;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.domain.job.JobId;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * The subscriptions benchmark: a real Jobtrail in this JVM (embedded PostgreSQL, durable commits,
 * the orchestrator off so nothing but the benchmark writes), {@code jobs} running jobs, and for
 * each count of subscribers a fresh set of WebSocket clients spread evenly over the jobs while
 * paced pause/resume commands append about {@code eventsPerSecond} events to those jobs.
 */
final class SubscriptionBenchmark {

  /** The shape of each run; every loop and wait is bounded by these counts and durations. */
  record Size(
      int[] subscribers,
      int jobs,
      double eventsPerSecond,
      int writerThreads,
      int clients,
      Duration warmup,
      Duration measure,
      Duration settle) {
    static final Size FULL =
        new Size(
            new int[] {10, 100, 1_000},
            100,
            2_000,
            6,
            8,
            Duration.ofSeconds(5),
            Duration.ofSeconds(20),
            Duration.ofSeconds(30));
    static final Size QUICK =
        new Size(
            new int[] {10, 100, 1_000},
            100,
            2_000,
            6,
            8,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30));
  }

  /** One run's figures. */
  record Result(
      int subscribers,
      double seconds,
      long written,
      double writtenPerSecond,
      long expectedDeliveries,
      long delivered,
      Latency latency,
      Latency commands,
      long lost,
      long duplicated,
      long outOfOrder,
      List<String> errors,
      int leftOnServer) {
    double deliveredPerSecond() {
      return delivered / seconds;
    }
  }

  private static final CommandOrigin OPERATOR = CommandOrigin.user("bench-operator");

  private final Size size;
  private final Path resultsDirectory;

  SubscriptionBenchmark(Size size, Path resultsDirectory) {
    this.size = size;
    this.resultsDirectory = resultsDirectory;
  }

  void run() throws Exception {
    progress(
        "starting Jobtrail in this JVM (embedded PostgreSQL, durable commits, no orchestrator)");
    try (var jobtrail =
        InProcessJobtrail.start(
            Map.of(
                "jobtrail.orchestrator.enabled",
                "false",
                "spring.autoconfigure.exclude",
                System.getProperty("bench.exclude", "")))) {
      DataSource dataSource = jobtrail.dataSource();
      var report = new SubscriptionReport(Machine.describe(dataSource), size);
      CreateJob create = jobtrail.bean(CreateJob.class);
      var jobs = new ArrayList<JobId>();
      for (int i = 0; i < size.jobs(); i++) {
        jobs.add(create.create(OrchestratorBenchmark.job("bench-live-" + i, true), OPERATOR).id());
      }
      var toggles = new JobToggles(jobtrail.bean(JobRepository.class), jobs);
      var clients = new ArrayList<HttpClient>();
      for (int i = 0; i < size.clients(); i++) {
        clients.add(HttpClient.newHttpClient());
      }
      try {
        progress("warm-up: 100 subscribers");
        measure(jobtrail, toggles, jobs, clients, 100, size.warmup(), size.warmup());
        for (int subscribers : size.subscribers()) {
          progress(subscribers + " subscribers");
          report.add(
              measure(
                  jobtrail, toggles, jobs, clients, subscribers, size.warmup(), size.measure()));
        }
      } finally {
        clients.forEach(HttpClient::shutdownNow);
      }
      System.out.println();
      System.out.println(report.markdown());
      Path written = report.writeJson(resultsDirectory);
      System.out.println("Figures written to " + written);
    }
  }

  private Result measure(
      InProcessJobtrail jobtrail,
      JobToggles toggles,
      List<JobId> jobs,
      List<HttpClient> clients,
      int count,
      Duration warmup,
      Duration measure)
      throws Exception {
    DataSource dataSource = jobtrail.dataSource();
    EventHub hub = jobtrail.bean(EventHub.class);
    var window = new Subscriber.Window();
    var subscribers = new ArrayList<Subscriber>(count);
    for (int i = 0; i < count; i++) {
      subscribers.add(
          new Subscriber(
              jobs.get(i % jobs.size()).toString(), InProcessJobtrail.VIEWER_TOKEN, window));
    }
    int baseline = hub.subscriberCount();
    try {
      connect(jobtrail, clients, subscribers);
      awaitCaughtUp(subscribers, heads(dataSource, jobs), size.settle());

      long maxCommands = (long) (size.eventsPerSecond() * (warmup.plus(measure).toSeconds() + 30));
      Instant from;
      Instant until;
      Latency commands;
      long failures;
      try (var writers =
          new PacedWriters(toggles, size.writerThreads(), size.eventsPerSecond(), maxCommands)) {
        writers.start();
        Thread.sleep(warmup.toMillis());
        from = Instant.now().truncatedTo(ChronoUnit.MICROS);
        progress("measuring from " + from);
        window.fromMicros = StepTimes.micros(from);
        Thread.sleep(measure.toMillis());
        until = Instant.now().truncatedTo(ChronoUnit.MICROS);
        progress("measured until " + until);
        window.untilMicros = StepTimes.micros(until);
        writers.close();
        commands = writers.commandLatency();
        failures = writers.failures();
      }
      Map<String, Long> heads = heads(dataSource, jobs);
      awaitCaughtUp(subscribers, heads, size.settle());

      long written = countEvents(dataSource, from, until);
      var perJob = eventsPerJob(dataSource, from, until);
      long expected = 0;
      long delivered = 0;
      long lost = 0;
      long duplicated = 0;
      long outOfOrder = 0;
      var latency = new Latency();
      var errors = new ArrayList<String>();
      if (failures > 0) {
        errors.add(failures + " writer command(s) failed");
      }
      for (Subscriber s : subscribers) {
        long head = heads.get(s.jobId());
        expected += perJob.getOrDefault(s.jobId(), 0L);
        delivered += s.inWindow();
        lost += s.lost(head);
        duplicated += s.duplicated(head);
        outOfOrder += s.outOfOrder();
        s.latencies(latency);
        if (s.error() != null && errors.size() < 10) {
          errors.add(s.error());
        }
      }
      double seconds = Duration.between(from, until).toNanos() / 1e9;
      closeAll(subscribers);
      int left = awaitUnsubscribed(hub, baseline, Duration.ofSeconds(10));
      return new Result(
          count,
          seconds,
          written,
          written / seconds,
          expected,
          delivered,
          latency,
          commands,
          lost,
          duplicated,
          outOfOrder,
          errors,
          left);
    } finally {
      closeAll(subscribers);
    }
  }

  /** Opens the sockets 50 at a time, spread over the HTTP clients (one selector thread each). */
  private static void connect(
      InProcessJobtrail jobtrail, List<HttpClient> clients, List<Subscriber> subscribers)
      throws Exception {
    for (int start = 0; start < subscribers.size(); start += 50) {
      var opening = new ArrayList<CompletableFuture<?>>();
      for (int i = start; i < Math.min(start + 50, subscribers.size()); i++) {
        opening.add(
            subscribers
                .get(i)
                .connect(clients.get(i % clients.size()), jobtrail.graphqlWebSocket()));
      }
      CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
  }

  /** Waits until every subscriber has each event of its job up to the head, or the timeout. */
  private static void awaitCaughtUp(
      List<Subscriber> subscribers, Map<String, Long> heads, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Subscriber s : subscribers) {
      while (s.contiguous() < heads.get(s.jobId())
          && s.error() == null
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }
  }

  private static void closeAll(List<Subscriber> subscribers) {
    subscribers.parallelStream().forEach(s -> s.close(Duration.ofSeconds(5)));
  }

  /** Waits for the server to release every subscription; returns how many are left. */
  private static int awaitUnsubscribed(EventHub hub, int baseline, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (hub.subscriberCount() > baseline && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return hub.subscriberCount() - baseline;
  }

  private static Map<String, Long> heads(DataSource dataSource, List<JobId> jobs) throws Exception {
    var heads = new HashMap<String, Long>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "select job_id, version from job_summaries where job_id = any(?)")) {
      select.setArray(
          1,
          connection.createArrayOf("uuid", jobs.stream().map(JobId::value).toArray(UUID[]::new)));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          heads.put(rows.getObject(1, UUID.class).toString(), rows.getLong(2));
        }
      }
    }
    return heads;
  }

  private static long countEvents(DataSource dataSource, Instant from, Instant until)
      throws Exception {
    long total = 0;
    for (long n : eventsPerJob(dataSource, from, until).values()) {
      total += n;
    }
    return total;
  }

  private static Map<String, Long> eventsPerJob(DataSource dataSource, Instant from, Instant until)
      throws Exception {
    var counts = new HashMap<String, Long>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "select job_id, count(*) from job_events where occurred_at >= ? and occurred_at"
                    + " < ? group by job_id")) {
      select.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
      select.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.put(rows.getObject(1, UUID.class).toString(), rows.getLong(2));
        }
      }
    }
    return counts;
  }

  private static void progress(String what) {
    System.err.println("[bench] " + what + " ...");
  }
}
