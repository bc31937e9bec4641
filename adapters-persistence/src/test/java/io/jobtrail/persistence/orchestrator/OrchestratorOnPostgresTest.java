package io.jobtrail.persistence.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.JobService;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.orchestrator.Orchestrator;
import io.jobtrail.application.orchestrator.OrchestratorSettings;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.Verdict;
import io.jobtrail.persistence.event.JooqJobEventStore;
import io.jobtrail.persistence.event.JooqJobSnapshots;
import io.jobtrail.persistence.event.JooqJobSummaries;
import io.jobtrail.persistence.testing.TestDatabase;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Orchestrator instances sharing one PostgreSQL through the jOOQ adapters. */
class OrchestratorOnPostgresTest {

  private final Clock clock = Clock.systemUTC();
  private final UuidV7 ids = new UuidV7(clock);
  private final Tracer tracer = OpenTelemetry.noop().getTracer("test");
  private final List<Orchestrator> instances = new ArrayList<>();
  private TestDatabase db;
  private JooqJobEventStore events;
  private JobRepository repository;
  private JobService jobs;

  @BeforeEach
  void setUp() {
    db = TestDatabase.createFresh();
    events = new JooqJobEventStore(db.dsl(), () -> {});
    repository = new JobRepository(events, new JooqJobSnapshots(db.dsl()), 10);
    jobs =
        new JobService(
            new JobCommandHandler(repository, ids, tracer, "api", 10),
            events,
            new JooqJobSummaries(db.dsl()),
            ids,
            clock);
  }

  @AfterEach
  void tearDown() {
    instances.forEach(Orchestrator::close);
    db.close();
  }

  private Orchestrator start(String instanceId, AgentRuntime agent) {
    var settings =
        OrchestratorSettings.defaults(instanceId)
            .withWorkers(4, 8)
            .withPollInterval(Duration.ofMillis(50))
            .withLease(Duration.ofSeconds(1))
            .withControlCheckInterval(Duration.ofMillis(50));
    var orchestrator =
        new Orchestrator(
            settings,
            repository,
            new JobCommandHandler(repository, ids, tracer, instanceId, 10),
            events,
            new JooqJobLeases(db.dsl()),
            new JooqJobLogs(db.dsl()),
            agent,
            tracer,
            OrchestratorMetrics.NONE,
            clock);
    instances.add(orchestrator);
    orchestrator.start();
    return orchestrator;
  }

  private JobId startJob() {
    return jobs.create(
            new NewJob(
                "job",
                "reverse a string",
                Map.of(),
                AgentAssignment.ALL_SIMULATED,
                new JobLimits(1, 3, 10_000, 10, 10),
                true),
            CommandOrigin.user("alice"))
        .id();
  }

  private JobState awaitEnd(JobId jobId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JobState state = repository.load(jobId).orElseThrow().state();
    while (!state.status().isTerminal()) {
      assertThat(System.nanoTime()).as("job ends within 20 s").isLessThan(deadline);
      Thread.sleep(20);
      state = repository.load(jobId).orElseThrow().state();
    }
    return state;
  }

  @Test
  void givenInstanceDiesMidStep_whenItsLeaseExpires_thenTheOtherFinishesWithAnIntactHistory()
      throws Exception {
    var coderStarted = new CountDownLatch(1);
    AgentRuntime firstCoderHangs =
        call -> {
          if (call.role() == AgentRole.CODER && call.attempt() == 1) {
            coderStarted.countDown();
            Thread.sleep(60_000);
          }
          return answer(call);
        };
    Orchestrator a = start("a", firstCoderHangs);
    JobId job = startJob();
    assertThat(coderStarted.await(10, TimeUnit.SECONDS)).isTrue();
    start("b", firstCoderHangs);
    long versionAtCrash = jobs.job(job).orElseThrow().version();

    a.halt();
    JobState end = awaitEnd(job);

    assertThat(end.status()).isEqualTo(JobStatus.COMPLETED);
    List<RecordedEvent> history = events.readStream(job, 0, 1_000);
    assertThat(history)
        .extracting(RecordedEvent::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed().toList());
    assertThat(history.stream().filter(e -> e.version() > versionAtCrash))
        .allSatisfy(e -> assertThat(e.metadata().instanceId()).isEqualTo("b"));
    assertThat(history)
        .filteredOn(e -> e.event() instanceof JobEvent.JobStepFailed)
        .extracting(e -> ((JobEvent.JobStepFailed) e.event()).kind())
        .containsExactly(FailureKind.INTERRUPTED);
    assertThat(events.verifyChain(job).intact()).isTrue();
  }

  @Test
  void givenTwoInstances_whenManyJobsRun_thenEveryJobCompletesOnceWithoutOverlap()
      throws Exception {
    start("a", OrchestratorOnPostgresTest::answer);
    start("b", OrchestratorOnPostgresTest::answer);
    var started = new ArrayList<JobId>();
    for (int i = 0; i < 20; i++) {
      started.add(startJob());
    }

    for (JobId job : started) {
      assertThat(awaitEnd(job).status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(events.readStream(job, 0, 1_000))
          .noneMatch(e -> e.event() instanceof JobEvent.JobStepFailed);
    }
  }

  private static AgentResult answer(AgentCall call) {
    return switch (call.role()) {
      case PLANNER -> new AgentResult.Plan("1. reverse it");
      case CODER -> new AgentResult.Artifact("s[::-1]");
      case CRITIQUE -> new AgentResult.Review(Verdict.APPROVED, "fine");
    };
  }
}
