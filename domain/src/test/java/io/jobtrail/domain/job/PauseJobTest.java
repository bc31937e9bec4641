package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.JobFixtures.PLAN;
import static io.jobtrail.domain.job.JobFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.JobCommand.PauseJob;
import io.jobtrail.domain.job.JobEvent.JobPaused;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class PauseJobTest {

  @Test
  void givenRunningJob_whenPaused_thenJobPausedRecorded() {
    JobState state =
        given(JobFixtures.running())
            .when(new PauseJob("maintenance", "bob", at(5)))
            .then(new JobPaused("maintenance", "bob", at(5)));

    assertThat(state.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(state.pauseReason()).isEqualTo("maintenance");
    assertThat(state.nextAttemptDueAt()).isNull();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void givenRunningJob_whenPausedWithoutReason_thenReasonIsPaused(String reason) {
    given(JobFixtures.running())
        .when(new PauseJob(reason, "bob", at(5)))
        .then(new JobPaused("paused", "bob", at(5)));
  }

  @Test
  void givenRunningJob_whenPausedWithAVeryLongReason_thenReasonIsCut() {
    String reason = "r".repeat(JobDecider.MAX_REASON_LENGTH + 50);

    JobState state =
        given(JobFixtures.running())
            .when(new PauseJob(reason, "bob", at(5)))
            .then(new JobPaused("r".repeat(JobDecider.MAX_REASON_LENGTH) + "…", "bob", at(5)));

    assertThat(state.pauseReason()).hasSize(JobDecider.MAX_REASON_LENGTH + 1);
  }

  @Test
  void givenRunningJobWithAttemptInFlight_whenPaused_thenOnlyJobPausedAndAttemptStillRuns() {
    JobState state =
        given(JobFixtures.planRunning())
            .when(new PauseJob(null, "bob", at(12)))
            .then(new JobPaused("paused", "bob", at(12)));

    assertThat(state.inFlightStep()).isNotNull();
    assertThat(state.inFlightStep().id()).isEqualTo(PLAN);
  }

  @Test
  void givenPendingJob_whenPaused_thenRejectedAsNotStarted() {
    given(JobFixtures.pending())
        .when(new PauseJob(null, "bob", at(5)))
        .thenRejected(RejectionReason.NOT_STARTED);
  }

  @Test
  void givenPausedJob_whenPausedAgain_thenRejectedAsAlreadyPaused() {
    given(JobFixtures.paused())
        .when(new PauseJob(null, "bob", at(5)))
        .thenRejected(RejectionReason.ALREADY_PAUSED);
  }

  @ParameterizedTest
  @MethodSource("io.jobtrail.domain.job.JobFixtures#finishedHistories")
  void givenFinishedJob_whenPaused_thenRejectedAsFinished(List<JobEvent> history) {
    given(history)
        .when(new PauseJob(null, "bob", at(500)))
        .thenRejected(RejectionReason.JOB_FINISHED);
  }
}
