package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.JobFixtures.PLAN;
import static io.jobtrail.domain.job.JobFixtures.at;
import static io.jobtrail.domain.job.JobFixtures.code;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.JobCommand.FailAttempt;
import io.jobtrail.domain.job.JobEvent.CoderStarted;
import io.jobtrail.domain.job.JobEvent.JobFailed;
import io.jobtrail.domain.job.JobEvent.JobPaused;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobEvent.JobStepRetryScheduled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FailAttemptTest {

  private static final Duration DELAY = Duration.ofMillis(1_500);

  @ParameterizedTest
  @EnumSource(
      value = FailureKind.class,
      names = {"ERROR", "TIMEOUT"})
  void givenFirstAttemptRunning_whenItFails_thenRetryScheduledAfterTheDelay(FailureKind kind) {
    JobState state =
        given(JobFixtures.codeRunning(1))
            .when(new FailAttempt(code(1), 1, kind, "agent error", DELAY, at(33)))
            .then(
                new JobStepFailed(code(1), 1, kind, "agent error", at(33)),
                new JobStepRetryScheduled(code(1), 2, at(33).plus(DELAY), at(33)));

    StepState step = state.step(code(1));
    assertThat(step.status()).isEqualTo(StepStatus.RETRY_SCHEDULED);
    assertThat(step.retryAt()).isEqualTo(at(33).plus(DELAY));
    assertThat(step.error()).isEqualTo("agent error");
    assertThat(step.countedFailures()).isEqualTo(1);
    assertThat(step.endedAt()).isNull();
    assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(state.nextAttemptDueAt()).isEqualTo(at(33).plus(DELAY));
  }

  @Test
  void givenLastAllowedAttemptRunning_whenItFails_thenJobFailed() {
    int maxAttempts = JobFixtures.LIMITS.maxAttempts();
    List<JobEvent> history = new ArrayList<>(JobFixtures.codeRunning(1));
    for (int attempt = 1; attempt < maxAttempts; attempt++) {
      history.add(new JobStepFailed(code(1), attempt, FailureKind.ERROR, "boom", at(31)));
      history.add(new JobStepRetryScheduled(code(1), attempt + 1, at(31), at(31)));
      history.add(new CoderStarted(code(1), attempt + 1, JobFixtures.coderInput(1), at(31)));
    }

    JobState state =
        given(history)
            .when(new FailAttempt(code(1), maxAttempts, FailureKind.TIMEOUT, "slow", DELAY, at(32)))
            .then(
                new JobStepFailed(code(1), maxAttempts, FailureKind.TIMEOUT, "slow", at(32)),
                new JobFailed("step code-1 failed after 3 attempts: slow", code(1), at(32)));

    assertThat(state.status()).isEqualTo(JobStatus.FAILED);
    assertThat(state.step(code(1)).countedFailures()).isEqualTo(maxAttempts);
    assertThat(state.step(code(1)).status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  void givenFirstAttemptRunning_whenItFailsFatally_thenJobFailedAtOnce() {
    JobState state =
        given(JobFixtures.planRunning())
            .when(new FailAttempt(PLAN, 1, FailureKind.FATAL, "no such model", DELAY, at(12)))
            .then(
                new JobStepFailed(PLAN, 1, FailureKind.FATAL, "no such model", at(12)),
                new JobFailed("step plan failed: no such model", PLAN, at(12)));

    assertThat(state.status()).isEqualTo(JobStatus.FAILED);
    assertThat(state.endedAt()).isEqualTo(at(12));
  }

  @Test
  void givenOnlyOneAttemptAllowed_whenInterrupted_thenRetriedImmediatelyWithoutCounting() {
    var oneAttempt = new JobLimits(3, 1, 60_000, 1_000, 8_000);
    var history =
        JobFixtures.history(
            List.of(JobFixtures.created(oneAttempt)),
            new JobEvent.JobStarted("alice", at(1)),
            new JobEvent.JobStepStarted(PLAN, AgentRole.PLANNER, 0, at(10)),
            new JobEvent.PlannerStarted(PLAN, 1, JobFixtures.plannerInput(), at(10)));

    JobState state =
        given(history)
            .when(new FailAttempt(PLAN, 1, FailureKind.INTERRUPTED, "lease lost", DELAY, at(12)))
            .then(
                new JobStepFailed(PLAN, 1, FailureKind.INTERRUPTED, "lease lost", at(12)),
                new JobStepRetryScheduled(PLAN, 2, at(12), at(12)));

    assertThat(state.step(PLAN).countedFailures()).isZero();
    assertThat(state.nextAttemptDueAt()).isEqualTo(at(12));
  }

  @Test
  void givenPausedJobWithAttemptInFlight_whenInterrupted_thenRetryScheduledForAfterResume() {
    var history = JobFixtures.history(JobFixtures.planRunning(), new JobPaused("p", "bob", at(11)));

    JobState state =
        given(history)
            .when(new FailAttempt(PLAN, 1, FailureKind.INTERRUPTED, "paused", DELAY, at(12)))
            .then(
                new JobStepFailed(PLAN, 1, FailureKind.INTERRUPTED, "paused", at(12)),
                new JobStepRetryScheduled(PLAN, 2, at(12), at(12)));

    assertThat(state.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(state.nextAttemptDueAt()).as("nothing runs while paused").isNull();
  }

  @Test
  void givenAttemptRunning_whenItFailsWithoutAMessage_thenErrorIsUnknown() {
    given(JobFixtures.planRunning())
        .when(new FailAttempt(PLAN, 1, FailureKind.ERROR, " ", DELAY, at(12)))
        .then(
            new JobStepFailed(PLAN, 1, FailureKind.ERROR, "unknown error", at(12)),
            new JobStepRetryScheduled(PLAN, 2, at(12).plus(DELAY), at(12)));
  }

  @Test
  void givenAttemptRunning_whenItFailsWithAHugeMessage_thenErrorIsCut() {
    JobState state =
        given(JobFixtures.planRunning())
            .when(new FailAttempt(PLAN, 1, FailureKind.ERROR, "e".repeat(10_000), DELAY, at(12)))
            .then(
                new JobStepFailed(PLAN, 1, FailureKind.ERROR, "e".repeat(8_000) + "…", at(12)),
                new JobStepRetryScheduled(PLAN, 2, at(12).plus(DELAY), at(12)));

    assertThat(state.step(PLAN).error()).hasSize(8_001);
  }

  @Test
  void givenSecondAttemptRunning_whenFirstAttemptFails_thenRejectedAsStale() {
    var history =
        JobFixtures.history(
            JobFixtures.planRetryScheduled(at(16)),
            new JobEvent.PlannerStarted(PLAN, 2, JobFixtures.plannerInput(), at(16)));

    given(history)
        .when(new FailAttempt(PLAN, 1, FailureKind.ERROR, "late", DELAY, at(18)))
        .thenRejected(RejectionReason.STALE_ATTEMPT);
  }

  @Test
  void givenPlannerRunning_whenAnUnknownStepFails_thenRejectedAsUnknownStep() {
    given(JobFixtures.planRunning())
        .when(new FailAttempt(code(4), 1, FailureKind.ERROR, "?", DELAY, at(12)))
        .thenRejected(RejectionReason.UNKNOWN_STEP);
  }

  @Test
  void givenRetryScheduled_whenTheStepFailsAgain_thenRejectedAsNoStepInFlight() {
    given(JobFixtures.planRetryScheduled(at(30)))
        .when(new FailAttempt(PLAN, 2, FailureKind.ERROR, "?", DELAY, at(16)))
        .thenRejected(RejectionReason.NO_STEP_IN_FLIGHT);
  }

  @ParameterizedTest
  @MethodSource("io.jobtrail.domain.job.JobFixtures#finishedHistories")
  void givenFinishedJob_whenAttemptFails_thenRejectedAsFinished(List<JobEvent> history) {
    given(history)
        .when(new FailAttempt(PLAN, 1, FailureKind.ERROR, "late", DELAY, at(500)))
        .thenRejected(RejectionReason.JOB_FINISHED);
  }
}
