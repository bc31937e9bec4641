package io.jobtrail.application.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.FailureKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobViewFoldTest {

  private final InMemoryJobEventStore store = new InMemoryJobEventStore();

  private JobView view(JobStory story) {
    StoryWriter.appendAll(store, story);
    List<RecordedEvent> recorded = store.readStream(story.jobId(), 0, 1_000);
    JobView view = JobViewFold.of(recorded);
    assertThat(view).isNotNull();
    return view;
  }

  private static JobStory planned() {
    return JobStory.create(JobStory.newJobId(), "view", JobStory.T0)
        .start()
        .nextStep()
        .complete(new AgentResult.Plan("1. code"));
  }

  @Test
  void givenAStepRetriedAfterABackoff_whenViewed_thenEachAttemptHasItsOwnTimesAndTheWait() {
    JobStory story =
        planned()
            .nextStep()
            .fail(FailureKind.ERROR, "the model timed out", Duration.ofSeconds(60))
            .advance(Duration.ofSeconds(65))
            .nextStep()
            .complete(new AgentResult.Artifact("done"));

    StepView code = view(story).steps().get(1);

    assertThat(code.id()).isEqualTo("code-1");
    assertThat(code.status()).isEqualTo(StepView.Status.SUCCEEDED);
    assertThat(code.attempts()).hasSize(2);
    AttemptView first = code.attempts().get(0);
    AttemptView second = code.attempts().get(1);
    assertThat(first.number()).isEqualTo(1);
    assertThat(first.status()).isEqualTo(AttemptView.Status.FAILED);
    assertThat(first.failureKind()).isEqualTo(AttemptView.FailureKind.ERROR);
    assertThat(first.error()).isEqualTo("the model timed out");
    assertThat(first.durationMs()).isEqualTo(1_000);
    assertThat(first.retryWaitMs()).isEqualTo(60_000);
    assertThat(second.number()).isEqualTo(2);
    assertThat(second.status()).isEqualTo(AttemptView.Status.SUCCEEDED);
    assertThat(second.output()).containsEntry("artifact", "done");
    assertThat(second.input()).containsEntry("plan", "1. code");
    assertThat(second.durationMs()).isEqualTo(1_000);
    assertThat(second.startedAt()).isAfter(first.retryAt());
    // The step's wall time spans both attempts and the wait; no attempt is that long.
    assertThat(code.wallTimeMs()).isGreaterThan(60_000);
    assertThat(first.eventVersions()).doesNotContainAnyElementsOf(second.eventVersions());
    assertThat(second.traceId()).isEqualTo(StoryWriter.METADATA.traceId());
    assertThat(second.instanceId()).isEqualTo(StoryWriter.METADATA.instanceId());
    assertThat(second.copied()).isFalse();
  }

  @Test
  void givenAStartedJobWhoseFirstStepHasNotBegun_whenViewed_thenQueuedAndThenRunning() {
    JobStory story = JobStory.create(JobStory.newJobId(), "queued", JobStory.T0).start();
    assertThat(view(story).status()).isEqualTo(JobView.Status.QUEUED);

    JobStory stepping = JobStory.create(JobStory.newJobId(), "stepping", JobStory.T0).start();
    stepping.nextStep();
    assertThat(view(stepping).status()).isEqualTo(JobView.Status.RUNNING);
  }

  @Test
  void givenAPauseAndAResume_whenViewed_thenThePauseHasItsTimesAndWhoPaused() {
    JobStory story = planned().pause("lunch").advance(Duration.ofMinutes(30)).resume();

    JobView.Pause pause = view(story).pauses().getFirst();

    assertThat(pause.reason()).isEqualTo("lunch");
    assertThat(pause.userId()).isEqualTo(JobStory.ACTOR);
    assertThat(Duration.between(pause.startedAt(), pause.endedAt()))
        .isGreaterThan(Duration.ofMinutes(30));
  }

  @Test
  void givenAJobCancelledWhileAnAttemptRan_whenViewed_thenTheAttemptEndedWithTheJob() {
    JobStory story = planned().nextStep().cancel("enough");

    JobView view = view(story);
    AttemptView attempt = view.steps().get(1).attempts().getFirst();

    assertThat(view.status()).isEqualTo(JobView.Status.CANCELLED);
    assertThat(view.steps().get(1).status()).isEqualTo(StepView.Status.FAILED);
    assertThat(view.steps().get(1).endedAt()).isEqualTo(view.endedAt());
    assertThat(attempt.status()).isEqualTo(AttemptView.Status.FAILED);
    assertThat(attempt.failureKind()).isEqualTo(AttemptView.FailureKind.INTERRUPTED);
    assertThat(attempt.endedAt()).isEqualTo(view.endedAt());
  }

  @Test
  void givenEventsOneByOne_whenFoldedIncrementally_thenTheSameViewAsAFullFold() {
    JobStory story = planned().nextStep().complete(new AgentResult.Artifact("a")).pause("look");
    StoryWriter.appendAll(store, story);
    List<RecordedEvent> recorded = store.readStream(story.jobId(), 0, 1_000);

    var fold = new JobViewFold();
    for (RecordedEvent event : recorded) {
      fold.apply(event);
      assertThat(fold.view()).isEqualTo(JobViewFold.of(recorded.subList(0, (int) event.version())));
    }
    assertThat(fold.view().status()).isEqualTo(JobView.Status.PAUSED);
    assertThat(fold.view().pauses())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.reason()).isEqualTo("look");
              assertThat(p.endedAt()).isNull();
            });
    assertThat(fold.view().version()).isEqualTo(recorded.size());
  }
}
