package io.jobtrail.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.jobtrail.application.alert.AlertMatch;
import io.jobtrail.application.alert.AlertRuleInput;
import io.jobtrail.application.alert.WebhookFormat;
import io.jobtrail.application.consumer.ConsumerRunner;
import io.jobtrail.application.consumer.ConsumerStatus;
import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.ManageAlertRules;
import io.jobtrail.application.port.in.QueryConsumers;
import io.jobtrail.domain.job.JobId;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.PushSubscribeOptions;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The publishing benchmark: a real Jobtrail in this JVM (embedded PostgreSQL, durable commits, the
 * orchestrator off) relaying its log to the NATS JetStream server at {@code bench.nats.url}
 * (default 127.0.0.1:4222, a fresh stream deleted afterwards), with an alert rule whose webhook is
 * a real HTTP receiver in this JVM.
 *
 * <ol>
 *   <li>Catch-up: with the consumers stopped, writers append as fast as they can (the append rate,
 *       the floor of this run); then the relay starts and publishes the backlog (its throughput).
 *   <li>Steady: writers append about 2,000 events/s; a JetStream consumer and the webhook receiver
 *       measure commit to receipt (receive time minus the event's timestamp); the relay's lag is
 *       sampled.
 * </ol>
 */
final class PublishingBenchmark {

  record Size(
      int jobs,
      int hookedJobs,
      int writerThreads,
      Duration backlog,
      double steadyEventsPerSecond,
      Duration warmup,
      Duration measure,
      Duration settle) {
    static final Size FULL =
        new Size(
            100,
            10,
            6,
            Duration.ofSeconds(10),
            2_000,
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(60));
    static final Size QUICK =
        new Size(
            100,
            10,
            6,
            Duration.ofSeconds(3),
            2_000,
            Duration.ofSeconds(2),
            Duration.ofSeconds(8),
            Duration.ofSeconds(60));
  }

  private static final CommandOrigin OPERATOR = CommandOrigin.user("bench-operator");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SECRET = "bench-webhook-secret-0123456789";

  private final Size size;
  private final Path resultsDirectory;
  private final String natsUrl = System.getProperty("bench.nats.url", "nats://127.0.0.1:4222");
  private final String stream = "JOBTRAIL_BENCH_" + UUID.randomUUID().toString().substring(0, 8);
  private final String prefix = "jobtrail-bench." + UUID.randomUUID().toString().substring(0, 8);

  PublishingBenchmark(Size size, Path resultsDirectory) {
    this.size = size;
    this.resultsDirectory = resultsDirectory;
  }

  /** Receipts of one kind: latency of those in the window, and every id seen (for duplicates). */
  static final class Receipts {
    final Latency latency = new Latency();
    final Set<String> ids = ConcurrentHashMap.newKeySet();
    final AtomicLong total = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong inWindow = new AtomicLong();
    volatile long fromMicros = Long.MAX_VALUE;
    volatile long untilMicros = Long.MIN_VALUE;

    void received(String id, long eventMicros, long receivedMicros) {
      total.incrementAndGet();
      if (!ids.add(id)) {
        duplicates.incrementAndGet();
        return;
      }
      if (eventMicros >= fromMicros && eventMicros <= untilMicros) {
        inWindow.incrementAndGet();
        synchronized (latency) {
          latency.record((receivedMicros - eventMicros) * 1_000);
        }
      }
    }
  }

  void run() throws Exception {
    var jetStream = new Receipts();
    var webhooks = new Receipts();
    HttpServer receiver = receiver(webhooks);
    progress("starting Jobtrail in this JVM, publishing to " + natsUrl + " stream " + stream);
    try (Connection nats = Nats.connect(natsUrl);
        var jobtrail =
            InProcessJobtrail.start(
                Map.of(
                    "jobtrail.orchestrator.enabled",
                    "false",
                    "jobtrail.consumers.enabled",
                    "false",
                    "jobtrail.publishing.nats.url",
                    natsUrl,
                    "jobtrail.publishing.nats.stream",
                    stream,
                    "jobtrail.publishing.nats.subject-prefix",
                    prefix,
                    "jobtrail.alerts.allow-private-targets",
                    "true",
                    "spring.autoconfigure.exclude",
                    System.getProperty("bench.exclude", "")))) {
      DataSource dataSource = jobtrail.dataSource();
      String relay = "publishing:nats:" + stream;
      var jobs = new ArrayList<JobId>();
      CreateJob create = jobtrail.bean(CreateJob.class);
      for (int i = 0; i < size.jobs(); i++) {
        String name = (i < size.hookedJobs() ? "bench-hook-" : "bench-pub-") + i;
        jobs.add(create.create(OrchestratorBenchmark.job(name, true), OPERATOR).id());
      }
      jobtrail
          .bean(ManageAlertRules.class)
          .create(
              new AlertRuleInput(
                  "bench",
                  true,
                  new AlertMatch(
                      Set.of("JobPaused", "JobResumed"),
                      "bench-hook-*",
                      Set.of(),
                      Map.of(),
                      Set.of()),
                  null,
                  "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                  WebhookFormat.JSON,
                  SECRET),
              "bench-operator");
      var toggles = new JobToggles(jobtrail.bean(JobRepository.class), jobs);

      progress(
          "catch-up: appending as fast as the writers can for "
              + size.backlog().toSeconds()
              + " s, relay stopped");
      long backlogStart = System.nanoTime();
      long backlogWritten;
      try (var writers = new PacedWriters(toggles, size.writerThreads(), 1_000_000, 10_000_000)) {
        writers.start();
        Thread.sleep(size.backlog().toMillis());
        writers.close();
        backlogWritten = writers.written();
      }
      double appendRate = backlogWritten / seconds(System.nanoTime() - backlogStart);
      long logSize = count(dataSource, "select count(*) from job_events");
      progress(
          String.format(
              Locale.ROOT,
              "  appended %,d events at %,.0f ev/s; starting the relay",
              backlogWritten,
              appendRate));
      long relayStart = System.nanoTime();
      jobtrail.bean(ConsumerRunner.class).start();
      var management = nats.jetStreamManagement();
      awaitStream(management, logSize, size.settle());
      double catchUpSeconds = seconds(System.nanoTime() - relayStart);
      double relayRate = logSize / catchUpSeconds;
      progress(
          String.format(
              Locale.ROOT,
              "  relay published %,d events in %.1f s: %,.0f ev/s",
              logSize,
              catchUpSeconds,
              relayRate));

      Dispatcher dispatcher = nats.createDispatcher();
      nats.jetStream()
          .subscribe(
              prefix + ".>",
              dispatcher,
              message -> {
                long now = micros(Instant.now());
                JsonNode event = JSON.readTree(message.getData());
                jetStream.received(
                    event.get("id").asString(),
                    micros(Instant.parse(event.get("timestamp").asString())),
                    now);
              },
              false,
              PushSubscribeOptions.builder().ordered(true).build());

      progress("steady: " + (int) size.steadyEventsPerSecond() + " events/s");
      QueryConsumers consumers = jobtrail.bean(QueryConsumers.class);
      long maxLagEvents = 0;
      double maxLagSeconds = 0;
      Instant from;
      Instant until;
      Latency commands;
      long maxCommands =
          (long)
              (size.steadyEventsPerSecond()
                  * (size.warmup().plus(size.measure()).toSeconds() + 30));
      try (var writers =
          new PacedWriters(
              toggles, size.writerThreads(), size.steadyEventsPerSecond(), maxCommands)) {
        writers.start();
        Thread.sleep(size.warmup().toMillis());
        from = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jetStream.fromMicros = micros(from);
        webhooks.fromMicros = micros(from);
        jetStream.untilMicros = Long.MAX_VALUE;
        webhooks.untilMicros = Long.MAX_VALUE;
        long end = System.nanoTime() + size.measure().toNanos();
        while (System.nanoTime() < end) {
          Thread.sleep(500);
          for (ConsumerStatus s : consumers.consumers()) {
            if (s.name().equals(relay)) {
              maxLagEvents = Math.max(maxLagEvents, s.lagEvents());
              maxLagSeconds = Math.max(maxLagSeconds, s.lagSeconds());
            }
          }
        }
        until = Instant.now().truncatedTo(ChronoUnit.MICROS);
        jetStream.untilMicros = micros(until);
        webhooks.untilMicros = micros(until);
        writers.close();
        commands = writers.commandLatency();
      }
      long written =
          count(
              dataSource,
              "select count(*) from job_events where occurred_at between '"
                  + from
                  + "' and '"
                  + until
                  + "'");
      long hooked =
          count(
              dataSource,
              "select count(*) from job_events e join job_summaries s using (job_id) where"
                  + " s.name like 'bench-hook-%' and e.occurred_at between '"
                  + from
                  + "' and '"
                  + until
                  + "'");
      long total = count(dataSource, "select count(*) from job_events");
      awaitStream(management, total, size.settle());
      long deadline = System.nanoTime() + size.settle().toNanos();
      while ((jetStream.inWindow.get() < written || webhooks.inWindow.get() < hooked)
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      dispatcher.drain(Duration.ofSeconds(5));
      double measured = seconds(size.measure().toNanos());

      var result = new LinkedHashMap<String, Object>();
      result.put("suite", "publishing");
      result.put("machine", Machine.describe(dataSource));
      result.put(
          "backlog",
          Map.of(
              "events", logSize,
              "appendEventsPerSecond", Math.round(appendRate),
              "relayEventsPerSecond", Math.round(relayRate),
              "relayToAppendRatio", Report.round(relayRate / appendRate)));
      var steady = new LinkedHashMap<String, Object>();
      steady.put("seconds", measured);
      steady.put("writtenEventsPerSecond", Math.round(written / measured));
      steady.put("jetStreamReceivedInWindow", jetStream.inWindow.get());
      steady.put("jetStreamExpected", written);
      steady.put("jetStreamDuplicates", jetStream.duplicates.get());
      steady.put("commitToJetStreamConsumer", Report.latency(jetStream.latency));
      steady.put("relayMaxLagEvents", maxLagEvents);
      steady.put("relayMaxLagSeconds", Report.round(maxLagSeconds));
      steady.put("webhookDeliveriesInWindow", webhooks.inWindow.get());
      steady.put("webhookExpected", hooked);
      steady.put("webhookDuplicates", webhooks.duplicates.get());
      steady.put("commitToWebhookReceiver", Report.latency(webhooks.latency));
      steady.put("appendLatency", Report.latency(commands));
      result.put("steady", steady);
      String markdown =
          markdown(
              result,
              jetStream,
              webhooks,
              commands,
              appendRate,
              relayRate,
              logSize,
              written,
              hooked,
              measured,
              maxLagEvents,
              maxLagSeconds);
      System.out.println();
      System.out.println(markdown);
      Path file = Report.writeFiles(resultsDirectory, "publishing", result, markdown);
      System.out.println("Figures written to " + file);
    } finally {
      receiver.stop(0);
      try (Connection nats = Nats.connect(natsUrl)) {
        nats.jetStreamManagement().deleteStream(stream);
      } catch (JetStreamApiException e) {
        // Never created.
      }
    }
  }

  private String markdown(
      Map<String, Object> result,
      Receipts jetStream,
      Receipts webhooks,
      Latency commands,
      double appendRate,
      double relayRate,
      long backlog,
      long written,
      long hooked,
      double measured,
      long maxLagEvents,
      double maxLagSeconds) {
    var out = new StringBuilder();
    out.append("### Machine\n\n");
    ((Map<?, ?>) result.get("machine"))
        .forEach((k, v) -> out.append("- ").append(k).append(": ").append(v).append('\n'));
    out.append(
        String.format(
            Locale.ROOT,
            "- %d jobs, %d writer threads pausing and resuming them (one append each through"
                + " JobRepository); an alert rule on JobPaused/JobResumed of %d of the jobs, its webhook a"
                + " JDK HTTP server in this JVM; NATS %s%n%n",
            size.jobs(),
            size.writerThreads(),
            size.hookedJobs(),
            natsUrl));
    out.append(
        "### Relay throughput (catch-up of a backlog, against the append rate of this run)\n\n");
    out.append(
        "| backlog events | append ev/s (writers, relay stopped) | relay ev/s (publish + ack + checkpoint) | relay / append |\n");
    out.append("|---:|---:|---:|---:|\n");
    out.append(
        String.format(
            Locale.ROOT,
            "| %,d | %,.0f | %,.0f | %.2f |%n%n",
            backlog,
            appendRate,
            relayRate,
            relayRate / appendRate));
    out.append(
        String.format(
            Locale.ROOT,
            "### Steady %,.0f events/s for %.0f s (ms: receive time minus the event's timestamp)%n%n",
            size.steadyEventsPerSecond(),
            measured));
    out.append(
        "| path | written ev/s | expected | received | duplicates | p50 / p95 / p99 | max |\n");
    out.append("|---|---:|---:|---:|---:|---|---:|\n");
    out.append(
        String.format(
            Locale.ROOT,
            "| commit → JetStream consumer | %,.0f | %,d | %,d | %d | %s | %.1f |%n",
            written / measured,
            written,
            jetStream.inWindow.get(),
            jetStream.duplicates.get(),
            Report.percentiles(jetStream.latency),
            jetStream.latency.millis(100)));
    out.append(
        String.format(
            Locale.ROOT,
            "| commit → webhook receiver | %,.0f | %,d | %,d | %d | %s | %.1f |%n%n",
            hooked / measured,
            hooked,
            webhooks.inWindow.get(),
            webhooks.duplicates.get(),
            Report.percentiles(webhooks.latency),
            webhooks.latency.millis(100)));
    out.append(
        String.format(
            Locale.ROOT,
            "Relay lag sampled every 0.5 s: at most %,d events, %.2f s. Writer appends p50 / p95 / p99: %s ms.%n%n",
            maxLagEvents,
            maxLagSeconds,
            Report.percentiles(commands)));
    out.append("### Targets (issue 12)\n\n");
    boolean keepsUp =
        jetStream.inWindow.get() >= written
            && written / measured >= 0.95 * size.steadyEventsPerSecond();
    out.append(keepsUp ? "- met: " : "- MISSED: ")
        .append(
            String.format(
                Locale.ROOT,
                "the relay keeps up with %,.0f events/s written (written %,.0f ev/s, every one received: %,d of %,d)%n",
                size.steadyEventsPerSecond(),
                written / measured,
                jetStream.inWindow.get(),
                written));
    out.append(relayRate >= size.steadyEventsPerSecond() ? "- met: " : "- MISSED: ")
        .append(
            String.format(
                Locale.ROOT,
                "relay throughput ≥ %,.0f events/s (%,.0f ev/s; %.2f × this run's append rate)%n",
                size.steadyEventsPerSecond(),
                relayRate,
                relayRate / appendRate));
    out.append(
            webhooks.inWindow.get() >= hooked && webhooks.duplicates.get() == 0
                ? "- met: "
                : "- MISSED: ")
        .append(
            String.format(
                Locale.ROOT,
                "every webhook delivered once (%,d of %,d, %d duplicates)%n",
                webhooks.inWindow.get(),
                hooked,
                webhooks.duplicates.get()));
    return out.toString();
  }

  private static HttpServer receiver(Receipts webhooks) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/hook",
        exchange -> {
          long now = micros(Instant.now());
          byte[] body = exchange.getRequestBody().readAllBytes();
          JsonNode event =
              JSON.readTree(new String(body, StandardCharsets.UTF_8)).get("events").get(0);
          webhooks.received(
              exchange.getRequestHeaders().getFirst("Idempotency-Key"),
              micros(Instant.parse(event.get("timestamp").asString())),
              now);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private void awaitStream(JetStreamManagement management, long count, Duration atMost)
      throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (management.getStreamInfo(stream).getStreamState().getMsgCount() >= count) {
          return;
        }
      } catch (JetStreamApiException e) {
        // The relay creates the stream with its first batch.
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the stream did not reach " + count + " messages in " + atMost);
  }

  private static long count(DataSource dataSource, String sql) throws Exception {
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static long micros(Instant at) {
    return StepTimes.micros(at);
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void progress(String line) {
    System.err.println("[bench] " + line);
  }
}
