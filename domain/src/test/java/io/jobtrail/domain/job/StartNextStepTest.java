package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.JobFixtures.PLAN;
import static io.jobtrail.domain.job.JobFixtures.at;
import static io.jobtrail.domain.job.JobFixtures.code;
import static io.jobtrail.domain.job.JobFixtures.critique;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.JobCommand.StartNextStep;
import io.jobtrail.domain.job.JobEvent.CoderStarted;
import io.jobtrail.domain.job.JobEvent.CritiqueStarted;
import io.jobtrail.domain.job.JobEvent.JobPaused;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobEvent.JobStepStarted;
import io.jobtrail.domain.job.JobEvent.PlannerStarted;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StartNextStepTest {

  @Test
  void givenRunningJobWithoutSteps_whenNextStepStarted_thenPlanStepAndFirstPlannerAttemptStart() {
    JobState state =
        given(JobFixtures.running())
            .when(new StartNextStep(at(10)))
            .then(
                new JobStepStarted(PLAN, AgentRole.PLANNER, 0, at(10)),
                new PlannerStarted(PLAN, 1, JobFixtures.plannerInput(), at(10)));

    assertThat(state.currentStep()).isEqualTo(PLAN);
    assertThat(state.inFlightStep()).isEqualTo(state.step(PLAN));
  }

  @Test
  void givenPlanDone_whenNextStepStarted_thenFirstCoderStepGetsThePlan() {
    given(JobFixtures.planned())
        .when(new StartNextStep(at(30)))
        .then(
            new JobStepStarted(code(1), AgentRole.CODER, 1, at(30)),
            new CoderStarted(code(1), 1, JobFixtures.coderInput(1), at(30)));
  }

  @Test
  void givenCoderDone_whenNextStepStarted_thenCritiqueReviewsTheArtifact() {
    given(JobFixtures.coded(1))
        .when(new StartNextStep(at(50)))
        .then(
            new JobStepStarted(critique(1), AgentRole.CRITIQUE, 1, at(50)),
            new CritiqueStarted(critique(1), 1, JobFixtures.critiqueInput(1), at(50)));
  }

  @Test
  void givenChangesRequested_whenNextStepStarted_thenNextCoderIterationGetsArtifactAndFeedback() {
    JobState state =
        given(JobFixtures.changesRequested(1))
            .when(new StartNextStep(at(70)))
            .then(
                new JobStepStarted(code(2), AgentRole.CODER, 2, at(70)),
                new CoderStarted(code(2), 1, JobFixtures.coderInput(2), at(70)));

    assertThat(state.iteration()).isEqualTo(2);
    assertThat(JobFixtures.coderInput(2).artifact()).isEqualTo(JobFixtures.artifact(1));
    assertThat(JobFixtures.coderInput(2).feedback()).isEqualTo(JobFixtures.feedback(1));
  }

  @Test
  void givenRetryDue_whenNextStepStarted_thenNextAttemptOfSameStepStartsWithSameInput() {
    JobState state =
        given(JobFixtures.planRetryScheduled(at(25)))
            .when(new StartNextStep(at(25)))
            .then(new PlannerStarted(PLAN, 2, JobFixtures.plannerInput(), at(25)));

    StepState plan = state.step(PLAN);
    assertThat(plan.attempt()).isEqualTo(2);
    assertThat(plan.status()).isEqualTo(StepStatus.RUNNING);
    assertThat(plan.error()).isNull();
    assertThat(plan.retryAt()).isNull();
    assertThat(plan.startedAt()).as("the step keeps its start").isEqualTo(at(10));
    assertThat(state.steps()).hasSize(1);
  }

  @Test
  void givenRetryOverdue_whenNextStepStarted_thenNextAttemptStarts() {
    given(JobFixtures.planRetryScheduled(at(25)))
        .when(new StartNextStep(at(90)))
        .then(new PlannerStarted(PLAN, 2, JobFixtures.plannerInput(), at(90)));
  }

  @Test
  void givenRetryNotYetDue_whenNextStepStarted_thenRejectedAsRetryNotDue() {
    given(JobFixtures.planRetryScheduled(at(25)))
        .when(new StartNextStep(at(25).minusMillis(1)))
        .thenRejected(RejectionReason.RETRY_NOT_DUE);
  }

  @Test
  void givenAttemptInFlight_whenNextStepStarted_thenRejectedAsStepInFlight() {
    given(JobFixtures.codeRunning(1))
        .when(new StartNextStep(at(35)))
        .thenRejected(RejectionReason.STEP_IN_FLIGHT);
  }

  @Test
  void givenPausedJob_whenNextStepStarted_thenRejected() {
    given(JobFixtures.history(JobFixtures.planned(), new JobPaused("p", "bob", at(21))))
        .when(new StartNextStep(at(30)))
        .thenRejected(RejectionReason.NOT_STARTED);
  }

  @Test
  void givenPausedJobWithRetryDue_whenNextStepStarted_thenRejected() {
    given(
            JobFixtures.history(
                JobFixtures.planRetryScheduled(at(16)), new JobPaused("p", "bob", at(16))))
        .when(new StartNextStep(at(30)))
        .thenRejected(RejectionReason.NOT_STARTED);
  }

  @Test
  void givenPendingJob_whenNextStepStarted_thenRejectedAsNotStarted() {
    given(JobFixtures.pending())
        .when(new StartNextStep(at(30)))
        .thenRejected(RejectionReason.NOT_STARTED);
  }

  @Test
  void givenRunningJobWhoseLastStepFailedForGood_whenNextStepStarted_thenNothingToRun() {
    // Not a history the decider writes (a failed step fails the job), but evolve is total and
    // decide must still answer with a reason rather than start a step after a failed one.
    var history =
        JobFixtures.history(
            JobFixtures.planRunning(),
            new JobStepFailed(PLAN, 1, FailureKind.ERROR, "boom", at(15)));

    given(history).when(new StartNextStep(at(30))).thenRejected(RejectionReason.NOTHING_TO_RUN);
  }

  @ParameterizedTest
  @MethodSource("io.jobtrail.domain.job.JobFixtures#finishedHistories")
  void givenFinishedJob_whenNextStepStarted_thenRejectedAsFinished(List<JobEvent> history) {
    given(history).when(new StartNextStep(at(500))).thenRejected(RejectionReason.JOB_FINISHED);
  }
}
