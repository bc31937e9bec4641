package io.jobtrail.persistence.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler;
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
import io.jobtrail.persistence.testing.TestDatabase;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many threads command one job through {@link JobCommandHandler} against PostgreSQL: the head row
 * admits one writer per version, losers reload and decide again, and the log stays 1..n with an
 * intact chain and a summary that matches the fold.
 */
class ConcurrentCommandsTest {

  private static final int THREADS = 8;
  private static final int COMMANDS_EACH = 40;

  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.createFresh();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private record Outcome(List<RecordedEvent> events, @Nullable RejectionReason rejection) {}

  @Test
  void givenManyThreadsCommandingOneJob_whenTheyRace_thenVersionsRunOneToNAndTheChainHolds()
      throws Exception {
    var ports = new JooqPorts(db, 7);
    // Enough retries that no writer gives up: a conflict must end in an append or a rejection.
    JobCommandHandler handler = ports.handler(10_000);
    JobId jobId = new JobId(ports.ids().next());
    var origin = CommandOrigin.user("racer");
    handler.handle(jobId, create(jobId, ports), origin);
    handler.handle(jobId, new JobCommand.StartJob("racer", ports.clock().instant()), origin);
    var outcomes = new ConcurrentLinkedQueue<Outcome>();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    var go = new CountDownLatch(1);
    var futures = new ArrayList<Future<?>>();
    try {
      for (int t = 0; t < THREADS; t++) {
        var random = new Random(17L * t);
        boolean canceller = t == 0;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < COMMANDS_EACH; i++) {
                    var now = ports.clock().instant();
                    JobCommand command =
                        canceller && i == COMMANDS_EACH * 3 / 4
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

    List<RecordedEvent> log = ports.events().readStream(jobId, 0, 100_000);
    assertThat(log)
        .extracting(RecordedEvent::version)
        .as("versions 1..n, no gap, no duplicate")
        .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
    assertThat(log).extracting(RecordedEvent::position).isSorted().doesNotHaveDuplicates();
    assertThat(log.size()).as("the racers did append").isGreaterThan(3);

    var appliedVersions = new ArrayList<Long>();
    for (Outcome outcome : outcomes) {
      if (outcome.rejection() == null) {
        outcome.events().forEach(e -> appliedVersions.add(e.version()));
      } else {
        assertThat(outcome.rejection())
            .isIn(
                EnumSet.of(
                    RejectionReason.ALREADY_PAUSED,
                    RejectionReason.NOT_PAUSED,
                    RejectionReason.JOB_FINISHED));
      }
    }
    assertThat(outcomes).hasSize(THREADS * COMMANDS_EACH);
    assertThat(appliedVersions)
        .as("every event after the start comes from exactly one applied command")
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(3, log.size()).boxed().toList());

    // Each event is what its command decides in the state before it: nobody decided blind.
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
    assertThat(state.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(ports.events().verifyChain(jobId).intact()).isTrue();
    assertThat(ports.events().verifyChain(jobId).eventsChecked()).isEqualTo(log.size());
    assertThat(ports.audit().verify(jobId).differences()).isEmpty();
    assertThat(ports.repository().load(jobId).orElseThrow().state()).isEqualTo(state);
  }

  private static Outcome handle(
      JobCommandHandler handler, JobId jobId, JobCommand command, CommandOrigin origin) {
    try {
      return new Outcome(handler.handle(jobId, command, origin).events(), null);
    } catch (JobRejected rejected) {
      return new Outcome(List.of(), rejected.reason());
    }
  }

  private static JobCommand.CreateJob create(JobId jobId, JooqPorts ports) {
    return new JobCommand.CreateJob(
        jobId,
        "contended",
        "toggle",
        Map.of(),
        AgentAssignment.ALL_SIMULATED,
        JobLimits.DEFAULT,
        "racer",
        null,
        ports.clock().instant());
  }
}
