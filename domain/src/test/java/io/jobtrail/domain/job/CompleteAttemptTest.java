package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.JobFixtures.PLAN;
import static io.jobtrail.domain.job.JobFixtures.PLAN_TEXT;
import static io.jobtrail.domain.job.JobFixtures.artifact;
import static io.jobtrail.domain.job.JobFixtures.at;
import static io.jobtrail.domain.job.JobFixtures.code;
import static io.jobtrail.domain.job.JobFixtures.critique;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.AgentResult.Artifact;
import io.jobtrail.domain.job.AgentResult.Plan;
import io.jobtrail.domain.job.AgentResult.Review;
import io.jobtrail.domain.job.JobCommand.CompleteAttempt;
import io.jobtrail.domain.job.JobEvent.CoderCompleted;
import io.jobtrail.domain.job.JobEvent.CritiqueCompleted;
import io.jobtrail.domain.job.JobEvent.JobCompleted;
import io.jobtrail.domain.job.JobEvent.JobFailed;
import io.jobtrail.domain.job.JobEvent.JobPaused;
import io.jobtrail.domain.job.JobEvent.JobStepCompleted;
import io.jobtrail.domain.job.JobEvent.PlannerStarted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CompleteAttemptTest {

  @Test
  void givenPlannerRunning_whenPlanReturned_thenPlannerAndStepCompletedWithDuration() {
    JobState state =
        given(JobFixtures.planRunning())
            .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), at(17)))
            .then(
                new JobEvent.PlannerCompleted(PLAN, 1, PLAN_TEXT, at(17)),
                new JobStepCompleted(PLAN, 1, 7_000, at(17)));

    assertThat(state.plan()).isEqualTo(PLAN_TEXT);
    assertThat(state.step(PLAN).status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(state.step(PLAN).output()).isEqualTo(new Plan(PLAN_TEXT));
  }

  @Test
  void givenPlannerRunning_whenPlanIsBlank_thenRejectedAsWrongResult() {
    given(JobFixtures.planRunning())
        .when(new CompleteAttempt(PLAN, 1, new Plan("  "), at(17)))
        .thenRejected(RejectionReason.WRONG_RESULT_FOR_ROLE);
  }

  @Test
  void givenCoderRunning_whenArtifactReturned_thenCoderAndStepCompleted() {
    JobState state =
        given(JobFixtures.codeRunning(1))
            .when(new CompleteAttempt(code(1), 1, new Artifact(artifact(1)), at(40)))
            .then(
                new CoderCompleted(code(1), 1, artifact(1), at(40)),
                new JobStepCompleted(code(1), 1, 10_000, at(40)));

    assertThat(state.artifact()).isEqualTo(artifact(1));
  }

  @Test
  void givenCritiqueRunning_whenApproved_thenJobCompletedWithTheArtifact() {
    JobState state =
        given(JobFixtures.critiqueRunning(1))
            .when(
                new CompleteAttempt(
                    critique(1), 1, new Review(Verdict.APPROVED, "looks good"), at(60)))
            .then(
                new CritiqueCompleted(critique(1), 1, Verdict.APPROVED, "looks good", at(60)),
                new JobStepCompleted(critique(1), 1, 10_000, at(60)),
                new JobCompleted(artifact(1), at(60)));

    assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(state.artifact()).isEqualTo(artifact(1));
    assertThat(state.progress()).isEqualTo(1.0);
    assertThat(state.endedAt()).isEqualTo(at(60));
  }

  @Test
  void givenCritiqueRunning_whenChangesRequestedBelowTheLimit_thenOnlyStepCompleted() {
    JobState state =
        given(JobFixtures.critiqueRunning(1))
            .when(
                new CompleteAttempt(
                    critique(1), 1, new Review(Verdict.CHANGES_REQUESTED, "overflow"), at(60)))
            .then(
                new CritiqueCompleted(
                    critique(1), 1, Verdict.CHANGES_REQUESTED, "overflow", at(60)),
                new JobStepCompleted(critique(1), 1, 10_000, at(60)));

    assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(state.lastFeedback()).isEqualTo("overflow");
    assertThat(state.nextAttemptDueAt()).isEqualTo(at(60));
  }

  @Test
  void givenLastIterationCritiqueRunning_whenChangesRequested_thenJobFailed() {
    int last = JobFixtures.LIMITS.maxIterations();

    JobState state =
        given(JobFixtures.critiqueRunning(last))
            .when(
                new CompleteAttempt(
                    critique(last),
                    1,
                    new Review(Verdict.CHANGES_REQUESTED, "still wrong"),
                    at(200)))
            .then(
                new CritiqueCompleted(
                    critique(last), 1, Verdict.CHANGES_REQUESTED, "still wrong", at(200)),
                new JobStepCompleted(critique(last), 1, 70_000, at(200)),
                new JobFailed(
                    "not approved after 3 iterations: still wrong", critique(last), at(200)));

    assertThat(state.status()).isEqualTo(JobStatus.FAILED);
    assertThat(state.failureReason()).startsWith("not approved after 3 iterations");
    assertThat(state.endedAt()).isEqualTo(at(200));
  }

  @Test
  void givenPausedJobWithAttemptInFlight_whenCompleted_thenAcceptedAndJobStaysPaused() {
    var history = JobFixtures.history(JobFixtures.planRunning(), new JobPaused("p", "bob", at(12)));

    JobState state =
        given(history)
            .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), at(14)))
            .then(
                new JobEvent.PlannerCompleted(PLAN, 1, PLAN_TEXT, at(14)),
                new JobStepCompleted(PLAN, 1, 4_000, at(14)));

    assertThat(state.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(state.nextAttemptDueAt()).isNull();
  }

  @Test
  void givenPausedJobWithCritiqueInFlight_whenApproved_thenJobCompleted() {
    var history =
        JobFixtures.history(JobFixtures.critiqueRunning(1), new JobPaused("p", "bob", at(55)));

    JobState state =
        given(history)
            .when(new CompleteAttempt(critique(1), 1, new Review(Verdict.APPROVED, "ok"), at(56)))
            .then(
                new CritiqueCompleted(critique(1), 1, Verdict.APPROVED, "ok", at(56)),
                new JobStepCompleted(critique(1), 1, 6_000, at(56)),
                new JobCompleted(artifact(1), at(56)));

    assertThat(state.status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void givenCoderRunning_whenAPlanIsReturned_thenRejectedAsWrongResultForRole() {
    given(JobFixtures.codeRunning(1))
        .when(new CompleteAttempt(code(1), 1, new Plan(PLAN_TEXT), at(40)))
        .thenRejected(RejectionReason.WRONG_RESULT_FOR_ROLE);
  }

  @Test
  void givenCritiqueRunning_whenAnArtifactIsReturned_thenRejectedAsWrongResultForRole() {
    given(JobFixtures.critiqueRunning(1))
        .when(new CompleteAttempt(critique(1), 1, new Artifact("x"), at(60)))
        .thenRejected(RejectionReason.WRONG_RESULT_FOR_ROLE);
  }

  @Test
  void givenSecondAttemptRunning_whenFirstAttemptCompletes_thenRejectedAsStale() {
    var history =
        JobFixtures.history(
            JobFixtures.planRetryScheduled(at(16)),
            new PlannerStarted(PLAN, 2, JobFixtures.plannerInput(), at(16)));

    given(history)
        .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), at(18)))
        .thenRejected(RejectionReason.STALE_ATTEMPT);
  }

  @Test
  void givenCoderRunning_whenAStepTheJobDoesNotHaveCompletes_thenRejectedAsUnknownStep() {
    given(JobFixtures.codeRunning(1))
        .when(new CompleteAttempt(critique(1), 1, new Review(Verdict.APPROVED, "ok"), at(40)))
        .thenRejected(RejectionReason.UNKNOWN_STEP);
  }

  @Test
  void givenStepAlreadyCompleted_whenCompletedAgain_thenRejectedAsNoStepInFlight() {
    given(JobFixtures.planned())
        .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), at(21)))
        .thenRejected(RejectionReason.NO_STEP_IN_FLIGHT);
  }

  @Test
  void givenRetryScheduled_whenTheFailedAttemptCompletes_thenRejectedAsNoStepInFlight() {
    given(JobFixtures.planRetryScheduled(at(30)))
        .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), at(16)))
        .thenRejected(RejectionReason.NO_STEP_IN_FLIGHT);
  }

  @ParameterizedTest
  @MethodSource("io.jobtrail.domain.job.JobFixtures#finishedHistories")
  void givenFinishedJob_whenAttemptCompleted_thenRejectedAsFinished(List<JobEvent> history) {
    Instant late = at(500);
    given(history)
        .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), late))
        .thenRejected(RejectionReason.JOB_FINISHED);
  }
}
