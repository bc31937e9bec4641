package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.JobFixtures.at;
import static io.jobtrail.domain.job.JobFixtures.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.JobCommand.StartJob;
import io.jobtrail.domain.job.JobEvent.JobStarted;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StartJobTest {

  @Test
  void givenPendingJob_whenStarted_thenJobStartedRecordedAndJobRunning() {
    JobState state =
        given(pending()).when(new StartJob("bob", at(5))).then(new JobStarted("bob", at(5)));

    assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(state.startedAt()).isEqualTo(at(5));
    assertThat(state.updatedAt()).isEqualTo(at(5));
    assertThat(state.nextAttemptDueAt()).isEqualTo(at(5));
  }

  @Test
  void givenRunningJob_whenStartedAgain_thenRejectedAsAlreadyStarted() {
    given(JobFixtures.running())
        .when(new StartJob("bob", at(5)))
        .thenRejected(RejectionReason.ALREADY_STARTED);
  }

  @Test
  void givenPausedJob_whenStarted_thenRejectedAsAlreadyStarted() {
    given(JobFixtures.paused())
        .when(new StartJob("bob", at(5)))
        .thenRejected(RejectionReason.ALREADY_STARTED);
  }

  @ParameterizedTest
  @MethodSource("io.jobtrail.domain.job.JobFixtures#finishedHistories")
  void givenFinishedJob_whenStarted_thenRejectedAsFinished(List<JobEvent> history) {
    given(history).when(new StartJob("bob", at(500))).thenRejected(RejectionReason.JOB_FINISHED);
  }
}
