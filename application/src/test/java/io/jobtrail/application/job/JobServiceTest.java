package io.jobtrail.application.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jobtrail.application.event.AppendStats;
import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.TestClock;
import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.JobViewFold;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.RejectionReason;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class JobServiceTest {

  private static final Instant START = Instant.parse("2025-06-01T12:00:00.123456789Z");
  private static final CommandOrigin ALICE = new CommandOrigin("alice", "cause-1", "corr-1");
  private static final NewJob NEW_JOB =
      new NewJob(
          "Add numbers",
          "Write add(a, b)",
          Map.of("language", "java"),
          AgentAssignment.ALL_SIMULATED,
          JobLimits.DEFAULT,
          false);

  private final TestClock clock = new TestClock(START);
  private final InMemoryJobEventStore events = new InMemoryJobEventStore();
  private final AppendStats appends = new AppendStats();
  private final JobRepository repository =
      new JobRepository(events, new InMemoryJobSnapshots(), 5, appends);
  private final UuidV7 ids = new UuidV7(clock);
  private JobService service = service(OpenTelemetry.noop().getTracer("test"));

  private JobService service(Tracer tracer) {
    var handler = new JobCommandHandler(repository, ids, tracer, "instance-1", 10);
    return new JobService(handler, events, events.summaries(), ids, clock);
  }

  private List<RecordedEvent> stored(JobId jobId) {
    return events.readStream(jobId, 0, 1_000);
  }

  private List<JobEvent> storedEvents(JobId jobId) {
    return stored(jobId).stream().map(RecordedEvent::event).toList();
  }

  private JobState tick(JobState state) {
    clock.advance(Duration.ofSeconds(1));
    return state;
  }

  @Test
  void givenANewJob_whenCreated_thenJobCreatedIsStoredWithWhoAndWhereAndTheSummaryIsWritten() {
    JobState job = service.create(NEW_JOB, ALICE);

    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.version()).isEqualTo(1);
    assertThat(job.createdBy()).isEqualTo("alice");
    assertThat(job.id().value().version()).as("a UUIDv7").isEqualTo(7);
    List<RecordedEvent> stored = stored(job.id());
    assertThat(stored)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.event()).isInstanceOf(JobEvent.JobCreated.class);
              assertThat(e.metadata().userId()).isEqualTo("alice");
              assertThat(e.metadata().causationId()).isEqualTo("cause-1");
              assertThat(e.metadata().correlationId()).isEqualTo("corr-1");
              assertThat(e.metadata().instanceId()).isEqualTo("instance-1");
            });
    assertThat(service.jobs(JobFilter.ALL, JobSort.CREATED, null, 10))
        .containsExactly(JobSummary.of(job));
  }

  @Test
  void givenACommand_whenDecided_thenItsTimeIsTheClockAtMicrosecondPrecision() {
    JobState job = service.create(NEW_JOB, ALICE);

    assertThat(job.createdAt()).isEqualTo(Instant.parse("2025-06-01T12:00:00.123456Z"));
  }

  @Test
  void givenANewJobToStartRightAway_whenCreated_thenItIsCreatedAndStartedInOneAppend() {
    JobState job = service.create(withStart(NEW_JOB), ALICE);

    assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.version()).isEqualTo(2);
    assertThat(storedEvents(job.id()))
        .hasExactlyElementsOfTypes(JobEvent.JobCreated.class, JobEvent.JobStarted.class);
    assertThat(appends.totalAppends()).as("one transaction: never created but not started").isOne();
  }

  @Test
  void givenAJob_whenStartedPausedResumedAndCancelled_thenEachIsStoredInOrder() {
    JobId id = tick(service.create(NEW_JOB, ALICE)).id();

    assertThat(tick(service.start(id, ALICE)).status()).isEqualTo(JobStatus.RUNNING);
    JobState paused = tick(service.pause(id, "lunch", ALICE));
    assertThat(paused.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(paused.pauseReason()).isEqualTo("lunch");
    assertThat(tick(service.resume(id, ALICE)).status()).isEqualTo(JobStatus.RUNNING);
    JobState cancelled = service.cancel(id, "done with it", ALICE);

    assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(cancelled.cancelReason()).isEqualTo("done with it");
    assertThat(stored(id)).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(storedEvents(id))
        .hasExactlyElementsOfTypes(
            JobEvent.JobCreated.class,
            JobEvent.JobStarted.class,
            JobEvent.JobPaused.class,
            JobEvent.JobResumed.class,
            JobEvent.JobCancelled.class);
    assertThat(service.job(id)).contains(JobViewFold.of(stored(id)));
    assertThat(service.job(id).orElseThrow().status()).isEqualTo(JobView.Status.CANCELLED);
    assertThat(events.summaries().find(id)).contains(JobSummary.of(cancelled));
  }

  @Test
  void givenInvalidInput_whenCreated_thenRejectedAndNothingIsStored() {
    GlobalCursor before = events.latestCursor();
    var blank =
        new NewJob(" ", "task", Map.of(), AgentAssignment.ALL_SIMULATED, JobLimits.DEFAULT, true);

    assertRejected(() -> service.create(blank, ALICE), RejectionReason.INVALID_INPUT);

    assertThat(events.latestCursor()).isEqualTo(before);
    assertThat(service.allEvents(GlobalCursor.START, 100)).isEmpty();
    assertThat(service.jobs(JobFilter.ALL, JobSort.CREATED, null, 10)).isEmpty();
  }

  @Test
  void givenAPendingJob_whenACommandDoesNotFit_thenRejectedWithTheReasonAndNothingIsStored() {
    JobState job = service.create(NEW_JOB, ALICE);
    GlobalCursor before = events.latestCursor();

    assertRejected(() -> service.pause(job.id(), null, ALICE), RejectionReason.NOT_STARTED);
    assertRejected(() -> service.resume(job.id(), ALICE), RejectionReason.NOT_PAUSED);

    assertThat(events.latestCursor()).isEqualTo(before);
    assertThat(stored(job.id())).hasSize(1);
    assertThat(events.summaries().find(job.id())).contains(JobSummary.of(job));
  }

  @Test
  void givenACancelledJob_whenControlled_thenEveryCommandIsRejectedAsFinished() {
    JobId id = service.create(withStart(NEW_JOB), ALICE).id();
    service.cancel(id, null, ALICE);

    assertRejected(() -> service.start(id, ALICE), RejectionReason.JOB_FINISHED);
    assertRejected(() -> service.pause(id, null, ALICE), RejectionReason.JOB_FINISHED);
    assertRejected(() -> service.resume(id, ALICE), RejectionReason.JOB_FINISHED);
    assertRejected(() -> service.cancel(id, null, ALICE), RejectionReason.JOB_FINISHED);
    assertThat(stored(id)).hasSize(3);
  }

  @Test
  void givenNoSuchJob_whenControlled_thenRejectedAsNotFoundAndNothingIsStored() {
    var unknown = new JobId(UUID.randomUUID());

    assertRejected(() -> service.start(unknown, ALICE), RejectionReason.JOB_NOT_FOUND);

    assertThat(events.latestCursor()).isEqualTo(GlobalCursor.START);
    assertThat(service.job(unknown)).isEmpty();
  }

  @Test
  void givenJobs_whenListed_thenNewestFirstAndPagedByCursor() {
    JobState first = tick(service.create(NEW_JOB, ALICE));
    JobState second = tick(service.create(NEW_JOB, ALICE));
    JobState third = service.create(NEW_JOB, ALICE);

    List<JobSummary> page = service.jobs(JobFilter.ALL, JobSort.CREATED, null, 2);
    assertThat(page).extracting(JobSummary::jobId).containsExactly(third.id(), second.id());
    assertThat(
            service.jobs(JobFilter.ALL, JobSort.CREATED, page.getLast().cursor(JobSort.CREATED), 2))
        .extracting(JobSummary::jobId)
        .containsExactly(first.id());
  }

  @Test
  void givenAJobsEvents_whenReadInPages_thenInVersionOrderAndTheLimitIsClamped() {
    JobId id = service.create(withStart(NEW_JOB), ALICE).id();
    service.pause(id, null, ALICE);

    assertThat(service.events(id, 1, 10))
        .extracting(RecordedEvent::version)
        .containsExactly(2L, 3L);
    assertThat(service.events(id, -5, 0)).extracting(RecordedEvent::version).containsExactly(1L);
    assertThat(service.allEvents(GlobalCursor.START, 2)).hasSize(2);
  }

  @Test
  void givenATracer_whenACommandIsHandled_thenItsEventsCarryTheSpanOfTheCommand() {
    var spans = InMemorySpanExporter.create();
    try (var tracing =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()) {
      service = service(tracing.get("test"));

      JobState job = service.create(withStart(NEW_JOB), ALICE);

      var finished = spans.getFinishedSpanItems();
      assertThat(finished).extracting(s -> s.getName()).containsExactly("job.CreateJob+StartJob");
      assertThat(stored(job.id()))
          .hasSize(2)
          .allSatisfy(
              e -> {
                assertThat(e.metadata().traceId()).isEqualTo(finished.getFirst().getTraceId());
                assertThat(e.metadata().spanId()).isEqualTo(finished.getFirst().getSpanId());
              });
      service.pause(job.id(), null, ALICE);
      assertThat(spans.getFinishedSpanItems().getLast().getName()).isEqualTo("job.PauseJob");
      assertThat(stored(job.id()).getLast().metadata().spanId())
          .isEqualTo(spans.getFinishedSpanItems().getLast().getSpanId());
    }
  }

  private static NewJob withStart(NewJob job) {
    return new NewJob(job.name(), job.task(), job.parameters(), job.agents(), job.limits(), true);
  }

  private static void assertRejected(Executable command, RejectionReason reason) {
    JobRejected rejected = catchThrowableOfType(JobRejected.class, command::execute);
    assertThat(rejected).as("a rejection").isNotNull();
    assertThat(rejected.reason()).isEqualTo(reason);
  }
}
