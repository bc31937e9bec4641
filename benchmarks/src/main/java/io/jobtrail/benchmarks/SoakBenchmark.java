package io.jobtrail.benchmarks;

import com.sun.management.UnixOperatingSystemMXBean;
import com.zaxxer.hikari.HikariDataSource;
import io.jobtrail.application.live.EventHub;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code benchmarks/run soak}: ten minutes (one with {@code --quick}) of mixed load on a real
 * Jobtrail (embedded PostgreSQL): jobs created and run on the simulated agent, pause / resume /
 * cancel commands, and WebSocket subscribers connecting, closing and being dropped without a close
 * handshake. Every {@value #SAMPLE_SECONDS} s it samples the heap after a collection, live threads,
 * database connections (pool and server side), open file descriptors and live subscribers; at the
 * end it compares the last third of the run with the first (after a warm-up): what leaks grows.
 */
final class SoakBenchmark {

  static final int SAMPLE_SECONDS = 10;
  private static final int SUBSCRIBERS = 40;
  private static final String CREATE =
      "mutation($in: CreateJobInput!) { createJob(input: $in) { id } }";

  /** One sample of the resources the run must not leak. */
  record Sample(
      long second,
      double heapAfterGcMb,
      int threads,
      int poolActive,
      int poolTotal,
      long serverConnections,
      long openFiles,
      int subscribers,
      long jobsCreated,
      long commands,
      long subscriptionsOpened) {}

  private final Duration length;
  private final Path results;
  private final ConcurrentLinkedDeque<String> recentJobs = new ConcurrentLinkedDeque<>();
  private final AtomicLong jobsCreated = new AtomicLong();
  private final AtomicLong commands = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong subscriptionsOpened = new AtomicLong();
  private volatile boolean running = true;

  SoakBenchmark(boolean quick, Path results) {
    this.length = quick ? Duration.ofMinutes(1) : Duration.ofMinutes(10);
    this.results = results;
  }

  void run() throws Exception {
    try (var jobtrail =
        InProcessJobtrail.start(
            Map.of(
                "jobtrail.rate-limits.enabled", "false",
                "jobtrail.agents.simulated-latency-ms", "40"))) {
      var machine = Machine.describe(jobtrail.dataSource());
      var http = new GraphQlHttp(jobtrail.graphqlHttp(), InProcessJobtrail.OPERATOR_TOKEN);
      var client = HttpClient.newHttpClient();
      var window = new Subscriber.Window();
      var subscribers = new ArrayList<Subscriber>();
      List<Thread> load =
          List.of(
              Thread.ofPlatform().name("soak-jobs").start(() -> createJobs(http)),
              Thread.ofPlatform().name("soak-commands").start(() -> sendCommands(http)));
      var samples = new ArrayList<Sample>();
      long started = System.nanoTime();
      long nextSample = 0;
      System.err.printf(
          "[soak] %d s of mixed load; a sample every %d s%n", length.toSeconds(), SAMPLE_SECONDS);
      while (System.nanoTime() - started < length.toNanos()) {
        churnSubscribers(subscribers, client, jobtrail, window);
        long second = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        if (second >= nextSample) {
          Sample sample = sample(second, jobtrail);
          samples.add(sample);
          System.err.println("[soak] " + sample);
          nextSample += SAMPLE_SECONDS;
        }
        Thread.sleep(1_000);
      }
      running = false;
      for (Thread thread : load) {
        thread.join(10_000);
      }
      subscribers.forEach(s -> s.close(Duration.ofSeconds(2)));
      report(samples, machine);
    }
  }

  private void createJobs(GraphQlHttp http) {
    int n = 0;
    while (running) {
      try {
        var input = new LinkedHashMap<String, Object>();
        input.put("name", "soak-" + n++);
        input.put("task", "soak");
        input.put("limits", Map.of("maxIterations", 2));
        String id = http.execute(CREATE, Map.of("in", input)).path("createJob").path("id").asText();
        recentJobs.addFirst(id);
        while (recentJobs.size() > 200) {
          recentJobs.pollLast();
        }
        jobsCreated.incrementAndGet();
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        refused.incrementAndGet();
      }
    }
  }

  private void sendCommands(GraphQlHttp http) {
    var random = ThreadLocalRandom.current();
    while (running) {
      try {
        Thread.sleep(100);
        String id = recentJobs.peekFirst();
        if (id == null) {
          continue;
        }
        String command =
            random.nextInt(10) == 0 ? "cancelJob" : random.nextBoolean() ? "pauseJob" : "resumeJob";
        try {
          http.execute("mutation($id: ID!) { " + command + "(id: $id) { id } }", Map.of("id", id));
          commands.incrementAndGet();
        } catch (IllegalStateException rejected) {
          // A command that does not fit the job's state (INVALID_TRANSITION) is a normal answer.
          commands.incrementAndGet();
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        refused.incrementAndGet();
      }
    }
  }

  /** Keeps about {@value #SUBSCRIBERS} subscribers; each second a few close and a few drop. */
  private void churnSubscribers(
      List<Subscriber> subscribers,
      HttpClient client,
      InProcessJobtrail jobtrail,
      Subscriber.Window window) {
    var random = ThreadLocalRandom.current();
    for (int i = 0; i < 4 && !subscribers.isEmpty(); i++) {
      Subscriber leaving = subscribers.remove(random.nextInt(subscribers.size()));
      if (random.nextBoolean()) {
        leaving.drop();
      } else {
        leaving.close(Duration.ofSeconds(2));
      }
    }
    while (subscribers.size() < SUBSCRIBERS) {
      String job = recentJobs.peekFirst();
      if (job == null) {
        return;
      }
      var subscriber = new Subscriber(job, InProcessJobtrail.VIEWER_TOKEN, window);
      subscriber.connect(client, jobtrail.graphqlWebSocket()).join();
      subscribers.add(subscriber);
      subscriptionsOpened.incrementAndGet();
    }
  }

  private Sample sample(long second, InProcessJobtrail jobtrail) throws Exception {
    System.gc();
    var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    var pool = ((HikariDataSource) jobtrail.dataSource()).getHikariPoolMXBean();
    long serverConnections;
    try (var connection = jobtrail.dataSource().getConnection();
        var statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "select count(*) from pg_stat_activity where datname = current_database()")) {
      rows.next();
      serverConnections = rows.getLong(1);
    }
    long openFiles =
        ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
            ? unix.getOpenFileDescriptorCount()
            : -1;
    return new Sample(
        second,
        memory.getUsed() / 1_048_576.0,
        ManagementFactory.getThreadMXBean().getThreadCount(),
        pool.getActiveConnections(),
        pool.getTotalConnections(),
        serverConnections,
        openFiles,
        jobtrail.bean(EventHub.class).subscriberCount(),
        jobsCreated.get(),
        commands.get(),
        subscriptionsOpened.get());
  }

  private void report(List<Sample> samples, Map<String, String> machine) throws Exception {
    var out = new StringBuilder();
    out.append("## Soak: ").append(length.toMinutes()).append(" min of mixed load\n\n");
    out.append(
        "| s | heap after GC (MB) | threads | pool active/total | server connections | open files | subscribers | jobs | commands | subscriptions opened |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Sample s : samples) {
      out.append(
          String.format(
              "| %d | %.1f | %d | %d/%d | %d | %d | %d | %d | %d | %d |%n",
              s.second(),
              s.heapAfterGcMb(),
              s.threads(),
              s.poolActive(),
              s.poolTotal(),
              s.serverConnections(),
              s.openFiles(),
              s.subscribers(),
              s.jobsCreated(),
              s.commands(),
              s.subscriptionsOpened()));
    }
    // Floor: the first third after the first minute's warm-up; compared with the last third.
    List<Sample> settled =
        samples.stream().filter(s -> s.second() >= 60 || length.toMinutes() <= 1).toList();
    int third = Math.max(1, settled.size() / 3);
    List<Sample> first = settled.subList(0, third);
    List<Sample> last = settled.subList(settled.size() - third, settled.size());
    out.append("\nLast third against the first (after warm-up):\n\n");
    out.append(trend("heap after GC (MB)", first, last, Sample::heapAfterGcMb));
    out.append(trend("threads", first, last, s -> s.threads()));
    out.append(trend("server connections", first, last, s -> s.serverConnections()));
    out.append(trend("open files", first, last, s -> s.openFiles()));
    out.append(trend("subscribers", first, last, s -> s.subscribers()));
    out.append("\nrequests refused or failed: ").append(refused.get()).append('\n');
    out.append("machine: ").append(machine).append('\n');
    System.out.println(out);
    Files.createDirectories(results);
    var json = new LinkedHashMap<String, Object>();
    json.put("at", Instant.now().toString());
    json.put("minutes", length.toMinutes());
    json.put("samples", samples);
    json.put("refused", refused.get());
    json.put("machine", machine);
    Files.writeString(
        results.resolve("soak.json"),
        JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(json));
  }

  private static String trend(
      String what,
      List<Sample> first,
      List<Sample> last,
      java.util.function.ToDoubleFunction<Sample> value) {
    double before = first.stream().mapToDouble(value).average().orElse(0);
    double after = last.stream().mapToDouble(value).average().orElse(0);
    return String.format(
        "- %s: %.1f → %.1f (×%.2f)%n", what, before, after, before == 0 ? 1.0 : after / before);
  }
}
