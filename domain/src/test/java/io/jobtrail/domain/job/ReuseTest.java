package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.DeciderScenario.givenNoJob;
import static io.jobtrail.domain.job.JobFixtures.CREATOR;
import static io.jobtrail.domain.job.JobFixtures.JOB_ID;
import static io.jobtrail.domain.job.JobFixtures.LIMITS;
import static io.jobtrail.domain.job.JobFixtures.PARAMETERS;
import static io.jobtrail.domain.job.JobFixtures.PLAN;
import static io.jobtrail.domain.job.JobFixtures.PLAN_TEXT;
import static io.jobtrail.domain.job.JobFixtures.T0;
import static io.jobtrail.domain.job.JobFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.AgentResult.Plan;
import io.jobtrail.domain.job.JobCommand.CompleteAttempt;
import io.jobtrail.domain.job.JobCommand.CreateJob;
import io.jobtrail.domain.job.JobEvent.JobCreated;
import io.jobtrail.domain.job.JobEvent.JobStepCompleted;
import io.jobtrail.domain.job.JobEvent.PlannerCompleted;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A replay's reuse mode, and outputs reused from the original instead of a new agent call. */
class ReuseTest {

  private static final JobId ORIGINAL =
      new JobId(UUID.fromString("0190f0e4-0000-7000-8000-00000000000a"));
  private static final ReusedFrom FROM = new ReusedFrom(ORIGINAL, 5);
  private static final AgentUsage ORIGINAL_CALL =
      new AgentUsage("gpt-4o-mini", Map.of(), AgentUsage.Tokens.of(600, 300), 7_000, 0.00027);

  @Test
  void givenNoJob_whenCreatedAsAReplayThatReuses_thenTheReuseModeIsPartOfItsOrigin() {
    var origin = new ReplayOrigin(ORIGINAL, 4, Map.of(), ReuseMode.UNCHANGED_INPUTS);
    var command =
        new CreateJob(
            JOB_ID,
            "add",
            "write add",
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
                    "add",
                    "write add",
                    PARAMETERS,
                    AgentAssignment.ALL_SIMULATED,
                    LIMITS,
                    CREATOR,
                    origin,
                    T0));

    assertThat(state.replayOf()).isNotNull();
    assertThat(state.replayOf().reuse()).isEqualTo(ReuseMode.UNCHANGED_INPUTS);
  }

  @Test
  void aReplayOriginWithoutAReuseModeRunsEverythingLive() {
    assertThat(new ReplayOrigin(ORIGINAL, 4, Map.of()).reuse()).isEqualTo(ReuseMode.NONE);
  }

  @Test
  void givenPlannerRunning_whenAReusedPlanIsRecorded_thenItNamesItsSourceAndCostsNothing() {
    JobState state =
        given(JobFixtures.planRunning())
            .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), ORIGINAL_CALL, FROM, at(17)))
            .then(
                new PlannerCompleted(PLAN, 1, PLAN_TEXT, ORIGINAL_CALL, FROM, at(17)),
                new JobStepCompleted(PLAN, 1, 7_000, at(17)));

    assertThat(state.usage()).isEqualTo(JobUsage.NONE);
    assertThat(state.plan()).isEqualTo(PLAN_TEXT);
  }

  @Test
  void givenATokenBudgetTheOriginalCallWouldPass_whenItsOutputIsReused_thenTheJobGoesOn() {
    var history = new ArrayList<>(JobFixtures.planRunning());
    history.set(
        0,
        JobFixtures.created(
            new JobLimits(3, 3, 60_000, 1_000, 8_000, 100L, null, BudgetAction.FAIL)));

    JobState state =
        given(history)
            .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), ORIGINAL_CALL, FROM, at(17)))
            .then(
                new PlannerCompleted(PLAN, 1, PLAN_TEXT, ORIGINAL_CALL, FROM, at(17)),
                new JobStepCompleted(PLAN, 1, 7_000, at(17)));

    assertThat(state.status()).isEqualTo(JobStatus.RUNNING);
  }
}
