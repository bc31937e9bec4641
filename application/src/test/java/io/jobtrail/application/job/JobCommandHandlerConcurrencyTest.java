package io.jobtrail.application.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.TestClock;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.RejectionReason;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Many threads control one job at once through the command handler: every command is either applied
 * exactly once or rejected with the domain's reason, and the log stays gapless and valid.
 */
class JobCommandHandlerConcurrencyTest {

  private static final int THREADS = 8;
  private static final int COMMANDS_EACH = 60;

  private final TestClock clock = new TestClock(JobStory.T0);
  private final InMemoryJobEventStore events = new InMemoryJobEventStore();
  private final JobRepository repository = new JobRepository(events, new InMemoryJobSnapshots(), 7);
  private final UuidV7 ids = new UuidV7(clock);
  // Enough retries that no writer gives up: a conflict must end in an append or a rejection.
  private final JobCommandHandler handler =
      new JobCommandHandler(
          repository, ids, OpenTelemetry.noop().getTracer("test"), "test", 10_000);

  private record Outcome(
      JobCommand command, List<RecordedEvent> events, RejectionReason rejection) {}

  @Test
  void
      givenManyThreadsControllingOneJob_whenTheyRace_thenEveryCommandAppliedOnceOrRejectedAndLogGapless()
          throws Exception {
    JobId jobId = new JobId(ids.next());
    var origin = CommandOrigin.user("racer");
    handler.handle(jobId, create(jobId), origin);
    handler.handle(jobId, new JobCommand.StartJob("racer", clock.instant()), origin);
    var outcomes = new ConcurrentLinkedQueue<Outcome>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    var go = new CountDownLatch(1);
    var futures = new ArrayList<Future<?>>();
    try {
      for (int t = 0; t < THREADS; t++) {
        long seed = 31L * t;
        boolean canceller = t == 0;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  var random = new Random(seed);
                  for (int i = 0; i < COMMANDS_EACH; i++) {
                    JobCommand command =
                        canceller && i == COMMANDS_EACH * 3 / 4
                            ? new JobCommand.CancelJob("enough", "racer", clock.instant())
                            : random.nextBoolean()
                                ? new JobCommand.PauseJob(null, "racer", clock.instant())
                                : new JobCommand.ResumeJob("racer", clock.instant());
                    outcomes.add(handle(jobId, command, origin));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> future : futures) {
        future.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(outcomes).hasSize(THREADS * COMMANDS_EACH);
    List<RecordedEvent> log = events.readStream(jobId, 0, 10_000);
    assertThat(log)
        .extracting(RecordedEvent::version)
        .as("versions 1..n, no gap, no duplicate")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());

    var appliedVersions = new ArrayList<Long>();
    for (Outcome outcome : outcomes) {
      if (outcome.rejection() == null) {
        assertThat(outcome.events()).isNotEmpty();
        outcome.events().forEach(e -> appliedVersions.add(e.version()));
      } else {
        assertThat(outcome.events()).isEmpty();
        assertThat(outcome.rejection())
            .isIn(
                EnumSet.of(
                    RejectionReason.ALREADY_PAUSED,
                    RejectionReason.NOT_PAUSED,
                    RejectionReason.JOB_FINISHED));
      }
    }
    assertThat(appliedVersions)
        .as("every stored event after the start comes from exactly one applied command")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(3, log.size()).boxed().toList());

    // Replaying the log through the decider: each event is what its command decides in the state
    // before it, so no command was decided on a state it had not seen.
    JobState state = null;
    for (RecordedEvent recorded : log) {
      if (state != null && state.version() >= 2) {
        JobCommand replayed =
            switch (recorded.event()) {
              case JobEvent.JobPaused p -> new JobCommand.PauseJob(null, "racer", p.at());
              case JobEvent.JobResumed r -> new JobCommand.ResumeJob("racer", r.at());
              case JobEvent.JobCancelled c -> new JobCommand.CancelJob("enough", "racer", c.at());
              default -> throw new AssertionError("unexpected " + recorded.eventType());
            };
        assertThat(JobDecider.decide(replayed, state)).containsExactly(recorded.event());
      }
      state = io.jobtrail.domain.job.JobEvolution.evolve(state, recorded.event());
    }
    assertThat(state.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(log.getLast().event()).isInstanceOf(JobEvent.JobCancelled.class);
    assertThat(repository.load(jobId).orElseThrow().state()).isEqualTo(state);
    assertThat(events.verifyChain(jobId).intact()).isTrue();
  }

  private Outcome handle(JobId jobId, JobCommand command, CommandOrigin origin) {
    try {
      return new Outcome(command, handler.handle(jobId, command, origin).events(), null);
    } catch (JobRejected rejected) {
      return new Outcome(command, List.of(), rejected.reason());
    }
  }

  private JobCommand.CreateJob create(JobId jobId) {
    return new JobCommand.CreateJob(
        jobId,
        "contended",
        "toggle",
        Map.of(),
        AgentAssignment.ALL_SIMULATED,
        JobLimits.DEFAULT,
        "racer",
        null,
        clock.instant());
  }
}
