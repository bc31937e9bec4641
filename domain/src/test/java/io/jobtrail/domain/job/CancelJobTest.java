package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.JobFixtures.PLAN;
import static io.jobtrail.domain.job.JobFixtures.at;
import static io.jobtrail.domain.job.JobFixtures.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.JobCommand.CancelJob;
import io.jobtrail.domain.job.JobEvent.JobCancelled;
import io.jobtrail.domain.job.JobEvent.JobPaused;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CancelJobTest {

  @Test
  void givenPendingJob_whenCancelled_thenJobCancelledRecordedAndJobEnded() {
    JobState state =
        given(JobFixtures.pending())
            .when(new CancelJob("not needed", "bob", at(5)))
            .then(new JobCancelled("not needed", "bob", at(5)));

    assertThat(state.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(state.cancelReason()).isEqualTo("not needed");
    assertThat(state.endedAt()).isEqualTo(at(5));
    assertThat(state.startedAt()).isNull();
  }

  @Test
  void givenRunningJobBetweenSteps_whenCancelled_thenOnlyJobCancelledRecorded() {
    JobState state =
        given(JobFixtures.planned())
            .when(new CancelJob(null, "bob", at(25)))
            .then(new JobCancelled("cancelled", "bob", at(25)));

    assertThat(state.status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(state.nextAttemptDueAt()).isNull();
  }

  @Test
  void givenPausedJob_whenCancelled_thenJobCancelledRecorded() {
    JobState state =
        given(JobFixtures.paused())
            .when(new CancelJob("over budget", "bob", at(5)))
            .then(new JobCancelled("over budget", "bob", at(5)));

    assertThat(state.status()).isEqualTo(JobStatus.CANCELLED);
  }

  @Test
  void givenAttemptInFlight_whenCancelled_thenAttemptInterruptedThenJobCancelled() {
    JobState state =
        given(JobFixtures.codeRunning(1))
            .when(new CancelJob("wrong task", "bob", at(35)))
            .then(
                new JobStepFailed(
                    code(1),
                    1,
                    FailureKind.INTERRUPTED,
                    "interrupted: the job was cancelled",
                    at(35)),
                new JobCancelled("wrong task", "bob", at(35)));

    StepState step = state.step(code(1));
    assertThat(step.status()).isEqualTo(StepStatus.FAILED);
    assertThat(step.endedAt()).isEqualTo(at(35));
    assertThat(step.countedFailures()).as("an interruption does not count").isZero();
    assertThat(state.inFlightStep()).isNull();
  }

  @Test
  void givenPausedJobWithAttemptInFlight_whenCancelled_thenAttemptInterruptedThenJobCancelled() {
    var history = JobFixtures.history(JobFixtures.planRunning(), new JobPaused("p", "bob", at(12)));

    given(history)
        .when(new CancelJob(null, "bob", at(13)))
        .then(
            new JobStepFailed(
                PLAN, 1, FailureKind.INTERRUPTED, "interrupted: the job was cancelled", at(13)),
            new JobCancelled("cancelled", "bob", at(13)));
  }

  @Test
  void givenRetryScheduled_whenCancelled_thenJobCancelledAndNoStepLeftWaiting() {
    JobState state =
        given(JobFixtures.planRetryScheduled(at(30)))
            .when(new CancelJob(null, "bob", at(20)))
            .then(new JobCancelled("cancelled", "bob", at(20)));

    StepState plan = state.step(PLAN);
    assertThat(plan.status()).isEqualTo(StepStatus.FAILED);
    assertThat(plan.retryAt()).isNull();
    assertThat(plan.endedAt()).isEqualTo(at(20));
    assertThat(plan.error()).isEqualTo("rate limited");
  }

  @ParameterizedTest
  @MethodSource("io.jobtrail.domain.job.JobFixtures#finishedHistories")
  void givenFinishedJob_whenCancelled_thenRejectedAsFinished(List<JobEvent> history) {
    given(history)
        .when(new CancelJob(null, "bob", at(500)))
        .thenRejected(RejectionReason.JOB_FINISHED);
  }
}
