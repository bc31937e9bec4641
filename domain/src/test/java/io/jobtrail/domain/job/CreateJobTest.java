package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.DeciderScenario.givenNoJob;
import static io.jobtrail.domain.job.JobFixtures.CREATOR;
import static io.jobtrail.domain.job.JobFixtures.JOB_ID;
import static io.jobtrail.domain.job.JobFixtures.LIMITS;
import static io.jobtrail.domain.job.JobFixtures.NAME;
import static io.jobtrail.domain.job.JobFixtures.PARAMETERS;
import static io.jobtrail.domain.job.JobFixtures.T0;
import static io.jobtrail.domain.job.JobFixtures.TASK;
import static io.jobtrail.domain.job.JobFixtures.at;
import static io.jobtrail.domain.job.JobFixtures.create;
import static io.jobtrail.domain.job.JobFixtures.created;
import static io.jobtrail.domain.job.JobFixtures.pending;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.JobCommand.CreateJob;
import io.jobtrail.domain.job.JobEvent.JobCreated;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CreateJobTest {

  @Test
  void givenNoJob_whenCreated_thenJobCreatedRecordedAndJobPending() {
    JobState state = givenNoJob().when(create(NAME, TASK)).then(created());

    assertThat(state.status()).isEqualTo(JobStatus.PENDING);
    assertThat(state.version()).isEqualTo(1);
    assertThat(state.progress()).isZero();
    assertThat(state.steps()).isEmpty();
    assertThat(state.createdAt()).isEqualTo(T0);
    assertThat(state.startedAt()).isNull();
  }

  @Test
  void givenNoJob_whenCreatedWithPaddedName_thenNameIsStripped() {
    givenNoJob().when(create("  " + NAME + "\n", TASK)).then(created());
  }

  @Test
  void givenNoJob_whenCreatedAsReplay_thenOriginIsRecorded() {
    var origin = new ReplayOrigin(new JobId(UUID.randomUUID()), 7, Map.of("model", "large"));
    var command =
        new CreateJob(
            JOB_ID,
            NAME,
            TASK,
            PARAMETERS,
            AgentAssignment.ALL_SIMULATED,
            LIMITS,
            CREATOR,
            origin,
            T0);

    JobState state =
        givenNoJob()
            .when(command)
            .then(
                new JobCreated(
                    JOB_ID,
                    NAME,
                    TASK,
                    PARAMETERS,
                    AgentAssignment.ALL_SIMULATED,
                    LIMITS,
                    CREATOR,
                    origin,
                    T0));

    assertThat(state.replayOf()).isEqualTo(origin);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void givenNoJob_whenCreatedWithBlankName_thenRejectedAsInvalidInput(String name) {
    givenNoJob().when(create(name, TASK)).thenRejected(RejectionReason.INVALID_INPUT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void givenNoJob_whenCreatedWithBlankTask_thenRejectedAsInvalidInput(String task) {
    givenNoJob().when(create(NAME, task)).thenRejected(RejectionReason.INVALID_INPUT);
  }

  @Test
  void givenNoJob_whenNameIsAtTheLimit_thenAccepted() {
    String name = "n".repeat(JobDecider.MAX_NAME_LENGTH);

    JobState state = givenNoJob().when(create(name, TASK)).then(createdNamed(name));

    assertThat(state.name()).hasSize(JobDecider.MAX_NAME_LENGTH);
  }

  @Test
  void givenNoJob_whenNameIsTooLong_thenRejectedAsInvalidInput() {
    givenNoJob()
        .when(create("n".repeat(JobDecider.MAX_NAME_LENGTH + 1), TASK))
        .thenRejected(RejectionReason.INVALID_INPUT);
  }

  @Test
  void givenNoJob_whenTaskIsTooLong_thenRejectedAsInvalidInput() {
    givenNoJob()
        .when(create(NAME, "t".repeat(JobDecider.MAX_TASK_LENGTH + 1)))
        .thenRejected(RejectionReason.INVALID_INPUT);
  }

  @Test
  void givenNoJob_whenCreatorIsBlank_thenRejectedAsInvalidInput() {
    var command =
        new CreateJob(
            JOB_ID, NAME, TASK, PARAMETERS, AgentAssignment.ALL_SIMULATED, LIMITS, " ", null, T0);

    givenNoJob().when(command).thenRejected(RejectionReason.INVALID_INPUT);
  }

  @Test
  void givenExistingJob_whenCreatedAgain_thenRejectedAsAlreadyExists() {
    given(pending()).when(create(NAME, TASK)).thenRejected(RejectionReason.JOB_ALREADY_EXISTS);
  }

  static Stream<JobCommand> commandsForAnExistingJob() {
    var step = new StepId("plan");
    return Stream.of(
        new JobCommand.StartJob(CREATOR, at(1)),
        new JobCommand.PauseJob(null, CREATOR, at(1)),
        new JobCommand.ResumeJob(CREATOR, at(1)),
        new JobCommand.CancelJob(null, CREATOR, at(1)),
        new JobCommand.StartNextStep(at(1)),
        new JobCommand.CompleteAttempt(step, 1, new AgentResult.Plan("p"), at(1)),
        new JobCommand.FailAttempt(step, 1, FailureKind.ERROR, "e", Duration.ZERO, at(1)));
  }

  @ParameterizedTest
  @MethodSource("commandsForAnExistingJob")
  void givenNoJob_whenAnyOtherCommand_thenRejectedAsNotFound(JobCommand command) {
    givenNoJob().when(command).thenRejected(RejectionReason.JOB_NOT_FOUND);
  }

  private static JobCreated createdNamed(String name) {
    return new JobCreated(
        JOB_ID, name, TASK, PARAMETERS, AgentAssignment.ALL_SIMULATED, LIMITS, CREATOR, null, T0);
  }
}
