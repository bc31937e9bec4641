package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.JobService;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.InMemoryJobLeases;
import io.jobtrail.application.testing.InMemoryJobLogs;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * An in-memory Jobtrail for orchestrator tests: the event store, leases and logs in memory, a
 * tracer that records every span, the job use cases, and as many orchestrator instances as a test
 * starts (each with its own instance id).
 */
final class OrchestratorHarness implements AutoCloseable {

  static final CommandOrigin ALICE = CommandOrigin.user("alice");

  /** Quick retries, a short timeout, two iterations. */
  static final JobLimits FAST = new JobLimits(2, 3, 5_000, 10, 50);

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  final Tracer tracer = tracerProvider.get("jobtrail-test");
  final Clock clock = Clock.systemUTC();
  final UuidV7 ids = new UuidV7(clock);
  final InMemoryJobEventStore events = new InMemoryJobEventStore();
  final JobRepository repository = new JobRepository(events, new InMemoryJobSnapshots(), 20);
  final InMemoryJobLeases leases = new InMemoryJobLeases(events.summaries());
  final InMemoryJobLogs logs = new InMemoryJobLogs();
  final RecordingMetrics metrics = new RecordingMetrics();
  final JobService jobs =
      new JobService(handler("api"), repository, events, events.summaries(), ids, clock);
  private final List<Orchestrator> started = new ArrayList<>();

  JobCommandHandler handler(String instanceId) {
    return new JobCommandHandler(repository, ids, tracer, instanceId, 10);
  }

  /** Fast test settings: quick polls, short leases, no jitter. */
  static OrchestratorSettings settings(String instanceId) {
    return OrchestratorSettings.defaults(instanceId)
        .withWorkers(4, 8)
        .withPollInterval(Duration.ofMillis(20))
        .withLease(Duration.ofMillis(900))
        .withControlCheckInterval(Duration.ofMillis(20))
        .withRetryJitter(0);
  }

  Orchestrator orchestrator(String instanceId, AgentRuntime agent) {
    return orchestrator(instanceId, agent, s -> s);
  }

  Orchestrator orchestrator(
      String instanceId, AgentRuntime agent, UnaryOperator<OrchestratorSettings> tweak) {
    var orchestrator =
        new Orchestrator(
            tweak.apply(settings(instanceId)),
            repository,
            handler(instanceId),
            events,
            leases,
            logs,
            agent,
            tracer,
            metrics,
            clock);
    started.add(orchestrator);
    orchestrator.start();
    return orchestrator;
  }

  JobState createJob(JobLimits limits, Map<String, Object> parameters, boolean start) {
    return jobs.create(
        new NewJob(
            "test job",
            "reverse a string",
            parameters,
            AgentAssignment.ALL_SIMULATED,
            limits,
            start),
        ALICE);
  }

  JobId startJob(JobLimits limits) {
    return createJob(limits, Map.of(), true).id();
  }

  JobState job(JobId jobId) {
    return jobs.job(jobId).orElseThrow();
  }

  /** Waits up to 10 s for the job to satisfy {@code condition}. */
  JobState await(JobId jobId, Predicate<JobState> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JobState state = job(jobId);
    while (!condition.test(state)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "job did not get there in 10 s; it is "
                + state.status()
                + " with events "
                + eventTypes(jobId));
      }
      sleep(5);
      state = job(jobId);
    }
    return state;
  }

  JobState awaitEnd(JobId jobId) {
    return await(jobId, s -> s.status().isTerminal());
  }

  List<RecordedEvent> history(JobId jobId) {
    return events.readStream(jobId, 0, 10_000);
  }

  List<String> eventTypes(JobId jobId) {
    return history(jobId).stream().map(RecordedEvent::eventType).toList();
  }

  <E extends JobEvent> List<E> eventsOf(JobId jobId, Class<E> type) {
    return history(jobId).stream()
        .map(RecordedEvent::event)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  List<JobLogEntry> logLines(JobId jobId) {
    return logs.read(jobId, 0, 10_000);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    started.forEach(Orchestrator::close);
    tracerProvider.close();
  }
}
