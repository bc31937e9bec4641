package io.jobtrail.application.testing;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.JobService;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.application.orchestrator.Orchestrator;
import io.jobtrail.application.orchestrator.OrchestratorSettings;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.out.AgentRuntime;
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
 * An in-memory Jobtrail for orchestrator tests (here and in other modules): the event store, leases
 * and logs in memory, a tracer that records every span, the job use cases, and as many orchestrator
 * instances as a test starts (each with its own instance id).
 */
public final class OrchestratorHarness implements AutoCloseable {

  public static final CommandOrigin ALICE = CommandOrigin.user("alice");

  /** Quick retries, a short timeout, two iterations. */
  public static final JobLimits FAST = new JobLimits(2, 3, 5_000, 10, 50);

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
  private final Tracer tracer = tracerProvider.get("jobtrail-test");
  private final Clock clock = Clock.systemUTC();
  private final UuidV7 ids = new UuidV7(clock);
  private final InMemoryJobEventStore events = new InMemoryJobEventStore();
  private final JobRepository repository =
      new JobRepository(events, new InMemoryJobSnapshots(), 20);
  private final InMemoryJobLeases leases = new InMemoryJobLeases(events.summaries());
  private final InMemoryJobLogs logs = new InMemoryJobLogs();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final JobService jobs =
      new JobService(handler("api"), events, events.summaries(), ids, clock);
  private final List<Orchestrator> started = new ArrayList<>();

  public InMemorySpanExporter spans() {
    return spans;
  }

  public Tracer tracer() {
    return tracer;
  }

  public InMemoryJobEventStore events() {
    return events;
  }

  public JobRepository repository() {
    return repository;
  }

  public InMemoryJobLeases leases() {
    return leases;
  }

  public InMemoryJobLogs logs() {
    return logs;
  }

  public RecordingMetrics metrics() {
    return metrics;
  }

  public JobService jobs() {
    return jobs;
  }

  public JobCommandHandler handler(String instanceId) {
    return new JobCommandHandler(repository, ids, tracer, instanceId, 10);
  }

  /**
   * Fast test settings: quick polls, short leases, no jitter, and a short shutdown grace (a stop
   * interrupts a running call after 200 ms; tests of the grace itself set their own).
   */
  public static OrchestratorSettings settings(String instanceId) {
    return OrchestratorSettings.defaults(instanceId)
        .withWorkers(4, 8)
        .withPollInterval(Duration.ofMillis(20))
        .withLease(Duration.ofMillis(900))
        .withControlCheckInterval(Duration.ofMillis(20))
        .withRetryJitter(0)
        .withShutdownGrace(Duration.ofMillis(200));
  }

  public Orchestrator orchestrator(String instanceId, AgentRuntime agent) {
    return orchestrator(instanceId, agent, s -> s);
  }

  public Orchestrator orchestrator(
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

  public JobState createJob(JobLimits limits, Map<String, Object> parameters, boolean start) {
    return createJob(AgentAssignment.ALL_SIMULATED, limits, parameters, start);
  }

  public JobState createJob(
      AgentAssignment agents, JobLimits limits, Map<String, Object> parameters, boolean start) {
    return jobs.create(
        new NewJob("test job", "reverse a string", parameters, agents, limits, start), ALICE);
  }

  public JobId startJob(JobLimits limits) {
    return createJob(limits, Map.of(), true).id();
  }

  public JobState job(JobId jobId) {
    return repository.load(jobId).orElseThrow().state();
  }

  /** Waits up to 10 s for the job to satisfy {@code condition}. */
  public JobState await(JobId jobId, Predicate<JobState> condition) {
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

  public JobState awaitEnd(JobId jobId) {
    return await(jobId, s -> s.status().isTerminal());
  }

  public List<RecordedEvent> history(JobId jobId) {
    return events.readStream(jobId, 0, 10_000);
  }

  public List<String> eventTypes(JobId jobId) {
    return history(jobId).stream().map(RecordedEvent::eventType).toList();
  }

  public <E extends JobEvent> List<E> eventsOf(JobId jobId, Class<E> type) {
    return history(jobId).stream()
        .map(RecordedEvent::event)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  public List<JobLogEntry> logLines(JobId jobId) {
    return logs.read(jobId, 0, 10_000);
  }

  public static void sleep(long millis) {
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
