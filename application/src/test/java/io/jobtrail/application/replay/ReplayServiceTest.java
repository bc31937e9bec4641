package io.jobtrail.application.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.InMemoryJobHeadCheckpoints;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.application.testing.TestClock;
import io.jobtrail.application.view.AttemptView;
import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.JobViewFold;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a fork's history says: the copied prefix keeps the original's facts and is marked. */
class ReplayServiceTest {

  private static final CommandOrigin BOB = CommandOrigin.user("bob");

  private final TestClock clock = new TestClock(JobStory.T0.plus(Duration.ofHours(1)));
  private final InMemoryJobEventStore events = new InMemoryJobEventStore();
  private final InMemoryJobSnapshots snapshots = new InMemoryJobSnapshots();
  private final ReplayService replay =
      new ReplayService(
          events,
          events.summaries(),
          snapshots,
          new InMemoryJobHeadCheckpoints(events.summaries()),
          new JobRepository(events, snapshots, 5),
          new UuidV7(clock),
          clock,
          OpenTelemetry.noop().getTracer("test"),
          "replaying-instance");

  /** Planned, then the coder fails: the plan step's JobStepCompleted is version 6. */
  private JobStory failedAtTheCoder() {
    JobStory story =
        JobStory.create(JobStory.newJobId(), "original", JobStory.T0)
            .start()
            .nextStep()
            .complete(new AgentResult.Plan("1. code"))
            .nextStep()
            .fail(FailureKind.FATAL, "boom", Duration.ZERO);
    StoryWriter.appendAll(events, story);
    return story;
  }

  private List<RecordedEvent> stored(JobId id) {
    return events.readStream(id, 0, 1_000);
  }

  @Test
  void givenAFork_whenItsCopiesAreRead_thenTheyKeepTheOriginalsTimesAndPrincipalsAndAreMarked() {
    JobStory original = failedAtTheCoder();
    List<RecordedEvent> before = stored(original.jobId());

    JobId fork = replay.replay(original.jobId(), 6, Map.of(), BOB).id();

    List<RecordedEvent> copy = stored(fork);
    assertThat(copy.getFirst().metadata().userId()).isEqualTo("bob");
    assertThat(copy.getFirst().metadata().copiedFrom()).isNull();
    for (int version = 2; version <= 6; version++) {
      RecordedEvent original6 = before.get(version - 1);
      RecordedEvent copied = copy.get(version - 1);
      EventMetadata m = copied.metadata();
      assertThat(copied.event()).isEqualTo(original6.event());
      assertThat(copied.timestamp()).isEqualTo(original6.timestamp());
      assertThat(m.userId()).isEqualTo(original6.metadata().userId());
      assertThat(m.traceId()).isEqualTo(original6.metadata().traceId());
      assertThat(m.instanceId()).isEqualTo(original6.metadata().instanceId());
      assertThat(m.causationId()).isEqualTo(original6.eventId().toString());
      assertThat(m.copiedFrom()).isEqualTo(new EventMetadata.CopiedFrom(original.jobId(), version));
    }
    assertThat(copy.subList(6, copy.size()))
        .allSatisfy(e -> assertThat(e.metadata().copiedFrom()).isNull());
    assertThat(events.verifyChain(fork).intact()).isTrue();
  }

  @Test
  void givenAForkFromTheStepBoundary_whenViewed_thenThePlanIsCopiedAndNothingWasInterrupted() {
    JobStory original = failedAtTheCoder();

    JobId fork = replay.replay(original.jobId(), 6, Map.of(), BOB).id();

    JobView view = JobViewFold.of(stored(fork));
    assertThat(view.status()).isEqualTo(JobView.Status.RUNNING);
    assertThat(view.steps())
        .singleElement()
        .satisfies(
            plan -> {
              assertThat(plan.id()).isEqualTo("plan");
              assertThat(plan.attempts()).allMatch(AttemptView::copied);
            });
    assertThat(stored(fork)).noneMatch(e -> e.event() instanceof JobEvent.JobStepFailed);
  }

  @Test
  void givenAForkFromTheMiddleOfAStep_whenRead_thenThatAttemptIsInterruptedAndNotCopied() {
    JobStory original = failedAtTheCoder();

    JobId fork = replay.replay(original.jobId(), 8, Map.of(), BOB).id();

    List<RecordedEvent> copy = stored(fork);
    RecordedEvent interrupted = copy.get(8);
    assertThat(interrupted.event())
        .isInstanceOfSatisfying(
            JobEvent.JobStepFailed.class,
            f -> assertThat(f.kind()).isEqualTo(FailureKind.INTERRUPTED));
    assertThat(interrupted.metadata().copiedFrom()).isNull();
    assertThat(interrupted.metadata().userId()).isEqualTo("bob");
  }
}
