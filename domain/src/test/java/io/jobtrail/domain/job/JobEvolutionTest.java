package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.JobFixtures.PLAN;
import static io.jobtrail.domain.job.JobFixtures.PLAN_TEXT;
import static io.jobtrail.domain.job.JobFixtures.artifact;
import static io.jobtrail.domain.job.JobFixtures.at;
import static io.jobtrail.domain.job.JobFixtures.code;
import static io.jobtrail.domain.job.JobFixtures.critique;
import static io.jobtrail.domain.job.JobFixtures.feedback;
import static io.jobtrail.domain.job.JobFixtures.stateOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jobtrail.domain.job.JobEvent.JobStarted;
import io.jobtrail.domain.job.JobEvent.JobStepCompleted;
import io.jobtrail.domain.job.JobEvent.PlannerCompleted;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobEvolutionTest {

  /** Most steps a job with the fixture limits can run: the plan and 3 × (code, critique). */
  private static final double TOTAL_STEPS = 7.0;

  @Test
  void givenNoHistory_whenReplayed_thenThereIsNoJob() {
    assertThat(JobEvolution.replay(List.of())).isNull();
  }

  @Test
  void givenJobCreated_whenEvolved_thenPendingJobWithEverythingTheCreatorGave() {
    JobState state = stateOf(JobFixtures.pending());

    assertThat(state.id()).isEqualTo(JobFixtures.JOB_ID);
    assertThat(state.name()).isEqualTo(JobFixtures.NAME);
    assertThat(state.task()).isEqualTo(JobFixtures.TASK);
    assertThat(state.parameters()).isEqualTo(JobFixtures.PARAMETERS);
    assertThat(state.limits()).isEqualTo(JobFixtures.LIMITS);
    assertThat(state.createdBy()).isEqualTo(JobFixtures.CREATOR);
    assertThat(state.status()).isEqualTo(JobStatus.PENDING);
    assertThat(state.version()).isEqualTo(1);
    assertThat(state.createdAt()).isEqualTo(JobFixtures.T0);
    assertThat(state.updatedAt()).isEqualTo(JobFixtures.T0);
    assertThat(state.currentStep()).isNull();
    assertThat(state.iteration()).isZero();
    assertThat(state.progress()).isZero();
  }

  @Test
  void givenEveryEvent_whenEvolved_thenVersionCountsEventsAndUpdatedAtIsTheLastEventsTime() {
    List<JobEvent> history = JobFixtures.changesRequested(1);

    JobState state = stateOf(history);

    assertThat(state.version()).isEqualTo(history.size());
    assertThat(state.updatedAt()).isEqualTo(history.getLast().at());
  }

  @Test
  void givenStepStarted_whenEvolved_thenStepIsRunningWithItsInputAndIsCurrent() {
    JobState state = stateOf(JobFixtures.planRunning());

    assertThat(state.currentStep()).isEqualTo(PLAN);
    StepState plan = state.step(PLAN);
    assertThat(plan.role()).isEqualTo(AgentRole.PLANNER);
    assertThat(plan.attempt()).isEqualTo(1);
    assertThat(plan.status()).isEqualTo(StepStatus.RUNNING);
    assertThat(plan.input()).isEqualTo(JobFixtures.plannerInput());
    assertThat(plan.output()).isNull();
    assertThat(plan.startedAt()).isEqualTo(at(10));
    assertThat(plan.endedAt()).isNull();
    assertThat(plan.duration()).isNull();
  }

  @Test
  void givenStepCompleted_whenEvolved_thenOutputEndAndDurationAreRecordedAndProgressAdvances() {
    JobState state = stateOf(JobFixtures.planned());

    StepState plan = state.step(PLAN);
    assertThat(plan.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(plan.output()).isEqualTo(new AgentResult.Plan(PLAN_TEXT));
    assertThat(plan.endedAt()).isEqualTo(at(20));
    assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(state.plan()).isEqualTo(PLAN_TEXT);
    assertThat(state.progress()).isCloseTo(1 / TOTAL_STEPS, within(1e-12));
  }

  @Test
  void givenAFullIteration_whenEvolved_thenStepsKeepTheirOrderAndEachItsOwnInputAndOutput() {
    JobState state = stateOf(JobFixtures.changesRequested(1));

    assertThat(state.steps()).extracting(StepState::id).containsExactly(PLAN, code(1), critique(1));
    assertThat(state.step(code(1)).input()).isEqualTo(JobFixtures.coderInput(1));
    assertThat(state.step(code(1)).output()).isEqualTo(new AgentResult.Artifact(artifact(1)));
    assertThat(state.step(critique(1)).input()).isEqualTo(JobFixtures.critiqueInput(1));
    assertThat(state.step(critique(1)).output())
        .isEqualTo(new AgentResult.Review(Verdict.CHANGES_REQUESTED, feedback(1)));
    assertThat(state.artifact()).isEqualTo(artifact(1));
    assertThat(state.lastFeedback()).isEqualTo(feedback(1));
    assertThat(state.iteration()).isEqualTo(1);
    assertThat(state.currentStep()).isEqualTo(critique(1));
    assertThat(state.progress()).isCloseTo(3 / TOTAL_STEPS, within(1e-12));
  }

  @Test
  void givenSecondIterationStarted_whenEvolved_thenIterationAndCurrentStepMoveOn() {
    JobState state = stateOf(JobFixtures.codeRunning(2));

    assertThat(state.iteration()).isEqualTo(2);
    assertThat(state.currentStep()).isEqualTo(code(2));
    assertThat(state.step(code(2)).input().feedback()).isEqualTo(feedback(1));
  }

  @Test
  void givenFailedAttemptAndRetry_whenEvolved_thenErrorThenNewAttemptReplaceIt() {
    JobState failed = stateOf(JobFixtures.planRetryScheduled(at(25)));
    StepState waiting = failed.step(PLAN);
    assertThat(waiting.status()).isEqualTo(StepStatus.RETRY_SCHEDULED);
    assertThat(waiting.error()).isEqualTo("rate limited");
    assertThat(waiting.retryAt()).isEqualTo(at(25));
    assertThat(waiting.countedFailures()).isEqualTo(1);
    assertThat(waiting.endedAt()).isNull();

    var retried =
        JobFixtures.history(
            JobFixtures.planRetryScheduled(at(25)),
            new JobEvent.PlannerStarted(PLAN, 2, JobFixtures.plannerInput(), at(25)),
            new PlannerCompleted(PLAN, 2, PLAN_TEXT, at(27)),
            new JobStepCompleted(PLAN, 2, 17_000, at(27)));
    StepState plan = stateOf(retried).step(PLAN);
    assertThat(plan.attempt()).isEqualTo(2);
    assertThat(plan.error()).isNull();
    assertThat(plan.retryAt()).isNull();
    assertThat(plan.countedFailures()).as("failures stay counted").isEqualTo(1);
    assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(17));
  }

  @Test
  void givenCompletedJob_whenEvolved_thenProgressIsOneAndEveryStepEnded() {
    JobState state = stateOf(JobFixtures.completed());

    assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(state.progress()).isEqualTo(1.0);
    assertThat(state.endedAt()).isEqualTo(at(60));
    assertThat(state.steps()).allSatisfy(step -> assertThat(step.endedAt()).isNotNull());
  }

  @Test
  void givenFailedJob_whenEvolved_thenReasonAndEndAreRecorded() {
    JobState state = stateOf(JobFixtures.failed());

    assertThat(state.status()).isEqualTo(JobStatus.FAILED);
    assertThat(state.failureReason()).isEqualTo("step plan failed: no model");
    assertThat(state.endedAt()).isEqualTo(at(15));
    assertThat(state.step(PLAN).status()).isEqualTo(StepStatus.FAILED);
    assertThat(state.step(PLAN).error()).isEqualTo("no model");
  }

  @Test
  void givenHistoryNotStartingWithJobCreated_whenEvolved_thenItIsRefused() {
    assertThatThrownBy(() -> JobEvolution.replay(List.of(new JobStarted("a", at(1)))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JobCreated");
  }

  @Test
  void givenExistingJob_whenJobCreatedAgain_thenItIsRefused() {
    assertThatThrownBy(
            () -> JobEvolution.evolve(stateOf(JobFixtures.pending()), JobFixtures.created()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void givenEventForAStepTheJobDoesNotHave_whenEvolved_thenOnlyVersionAndTimeChange() {
    JobState before = stateOf(JobFixtures.planned());

    JobState after = JobEvolution.evolve(before, new JobStepCompleted(critique(9), 1, 5, at(99)));

    assertThat(after.version()).isEqualTo(before.version() + 1);
    assertThat(after.updatedAt()).isEqualTo(at(99));
    assertThat(after.steps()).isEqualTo(before.steps());
    assertThat(after.status()).isEqualTo(before.status());
  }

  @Test
  void givenSnapshotState_whenTheRestIsReplayedOntoIt_thenSameAsFullReplay() {
    List<JobEvent> history = JobFixtures.completed();
    for (int split = 0; split <= history.size(); split++) {
      JobState snapshot = JobEvolution.replay(history.subList(0, split));
      assertThat(JobEvolution.replay(snapshot, history.subList(split, history.size())))
          .isEqualTo(JobEvolution.replay(history));
    }
  }
}
