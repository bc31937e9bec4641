package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.JobFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.JobCommand.ResumeJob;
import io.jobtrail.domain.job.JobEvent.JobResumed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ResumeJobTest {

  @Test
  void givenPausedJob_whenResumed_thenJobResumedRecordedAndPauseReasonCleared() {
    JobState state =
        given(JobFixtures.paused())
            .when(new ResumeJob("bob", at(5)))
            .then(new JobResumed("bob", at(5)));

    assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(state.pauseReason()).isNull();
    assertThat(state.nextAttemptDueAt()).isEqualTo(at(5));
  }

  @Test
  void givenRunningJob_whenResumed_thenRejectedAsNotPaused() {
    given(JobFixtures.running())
        .when(new ResumeJob("bob", at(5)))
        .thenRejected(RejectionReason.NOT_PAUSED);
  }

  @Test
  void givenPendingJob_whenResumed_thenRejectedAsNotPaused() {
    given(JobFixtures.pending())
        .when(new ResumeJob("bob", at(5)))
        .thenRejected(RejectionReason.NOT_PAUSED);
  }

  @ParameterizedTest
  @MethodSource("io.jobtrail.domain.job.JobFixtures#finishedHistories")
  void givenFinishedJob_whenResumed_thenRejectedAsFinished(List<JobEvent> history) {
    given(history).when(new ResumeJob("bob", at(500))).thenRejected(RejectionReason.JOB_FINISHED);
  }
}
