package io.jobtrail.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.RejectionReason;
import java.time.Instant;
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
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;

/**
 * Many threads controlling one job at once through a {@link JobCommandHandler}: a job is created
 * and started, then each thread pauses or resumes it at random and one cancels it part way. The
 * checks every store must pass are made here: versions 1..n with no gap or duplicate, every event
 * after the start comes from exactly one applied command, every other command was rejected with a
 * domain reason, and each event is what its command decides in the state before it (nobody decided
 * blind). Callers add what is particular to their store.
 */
public final class CommandRace {

  private CommandRace() {}

  /** What one command came to: the events it appended, or the reason it was refused. */
  public record Outcome(List<RecordedEvent> events, @Nullable RejectionReason rejection) {}

  /** The job's log after the race and its fold. */
  public record Result(List<RecordedEvent> log, JobState state) {}

  public static Result run(
      JobCommandHandler handler,
      JobEventStore events,
      JobId jobId,
      Supplier<Instant> clock,
      int threads,
      int commandsEach)
      throws Exception {
    var origin = CommandOrigin.user("racer");
    handler.handle(jobId, create(jobId, clock.get()), origin);
    handler.handle(jobId, new JobCommand.StartJob("racer", clock.get()), origin);
    var outcomes = new ConcurrentLinkedQueue<Outcome>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    var go = new CountDownLatch(1);
    var futures = new ArrayList<Future<?>>();
    try {
      for (int t = 0; t < threads; t++) {
        var random = new Random(31L * t);
        boolean canceller = t == 0;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < commandsEach; i++) {
                    Instant now = clock.get();
                    JobCommand command =
                        canceller && i == commandsEach * 3 / 4
                            ? new JobCommand.CancelJob("enough", "racer", now)
                            : random.nextBoolean()
                                ? new JobCommand.PauseJob(null, "racer", now)
                                : new JobCommand.ResumeJob("racer", now);
                    outcomes.add(handle(handler, jobId, command, origin));
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> future : futures) {
        future.get(3, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(outcomes).hasSize(threads * commandsEach);
    List<RecordedEvent> log = events.readStream(jobId, 0, 100_000);
    assertThat(log)
        .extracting(RecordedEvent::version)
        .as("versions 1..n, no gap, no duplicate")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
    assertThat(log.size()).as("the racers did append").isGreaterThan(3);

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
      state = JobEvolution.evolve(state, recorded.event());
    }
    assertThat(state).isNotNull();
    assertThat(state.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(log.getLast().event()).isInstanceOf(JobEvent.JobCancelled.class);
    return new Result(log, state);
  }

  private static Outcome handle(
      JobCommandHandler handler, JobId jobId, JobCommand command, CommandOrigin origin) {
    try {
      return new Outcome(handler.handle(jobId, command, origin).events(), null);
    } catch (JobRejected rejected) {
      return new Outcome(List.of(), rejected.reason());
    }
  }

  private static JobCommand.CreateJob create(JobId jobId, Instant now) {
    return new JobCommand.CreateJob(
        jobId,
        "contended",
        "toggle",
        Map.of(),
        AgentAssignment.ALL_SIMULATED,
        JobLimits.DEFAULT,
        "racer",
        null,
        now);
  }
}
