package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.DeciderScenario.given;
import static io.jobtrail.domain.job.JobFixtures.PLAN;
import static io.jobtrail.domain.job.JobFixtures.PLAN_TEXT;
import static io.jobtrail.domain.job.JobFixtures.artifact;
import static io.jobtrail.domain.job.JobFixtures.at;
import static io.jobtrail.domain.job.JobFixtures.code;
import static io.jobtrail.domain.job.JobFixtures.critique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.domain.job.AgentResult.Artifact;
import io.jobtrail.domain.job.AgentResult.Plan;
import io.jobtrail.domain.job.AgentResult.Review;
import io.jobtrail.domain.job.JobCommand.CompleteAttempt;
import io.jobtrail.domain.job.JobCommand.FailAttempt;
import io.jobtrail.domain.job.JobEvent.CoderCompleted;
import io.jobtrail.domain.job.JobEvent.CritiqueCompleted;
import io.jobtrail.domain.job.JobEvent.JobBudgetExceeded;
import io.jobtrail.domain.job.JobEvent.JobCompleted;
import io.jobtrail.domain.job.JobEvent.JobFailed;
import io.jobtrail.domain.job.JobEvent.JobPaused;
import io.jobtrail.domain.job.JobEvent.JobStepCompleted;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobEvent.JobStepRetryScheduled;
import io.jobtrail.domain.job.JobEvent.PlannerCompleted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage recorded with each attempt, the job's totals, and the budgets of its limits. */
class BudgetTest {

  private static final AgentUsage PLAN_USAGE =
      new AgentUsage(
          "gpt-4o-mini-2024-07-18",
          Map.of("temperature", 0.2, "maxTokens", 512),
          AgentUsage.Tokens.of(600, 300),
          7_000,
          0.00027);

  private static final AgentUsage CODE_USAGE =
      new AgentUsage("gpt-4o-mini", Map.of(), AgentUsage.Tokens.of(800, 400), 9_000, 0.00036);

  private static List<JobEvent> withLimits(List<JobEvent> history, JobLimits limits) {
    var copy = new ArrayList<>(history);
    copy.set(0, JobFixtures.created(limits));
    return copy;
  }

  private static JobLimits tokens(long max, BudgetAction action) {
    return new JobLimits(3, 3, 60_000, 1_000, 8_000, max, null, action);
  }

  private static JobLimits cost(double max, BudgetAction action) {
    return new JobLimits(3, 3, 60_000, 1_000, 8_000, null, max, action);
  }

  @Test
  void givenPlannerRunning_whenPlanReturnedWithUsage_thenUsageRecordedAndTotalled() {
    JobState state =
        given(JobFixtures.planRunning())
            .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), PLAN_USAGE, at(17)))
            .then(
                new PlannerCompleted(PLAN, 1, PLAN_TEXT, PLAN_USAGE, at(17)),
                new JobStepCompleted(PLAN, 1, 7_000, at(17)));

    assertThat(state.usage()).isEqualTo(new JobUsage(600, 300, 900, 0.00027, 7_000, 1, 0));
  }

  @Test
  void givenAPlanWithUsage_whenCodedWithUsage_thenTotalsAddUp() {
    List<JobEvent> planned =
        JobFixtures.history(
            JobFixtures.planRunning(),
            new PlannerCompleted(PLAN, 1, PLAN_TEXT, PLAN_USAGE, at(20)),
            new JobStepCompleted(PLAN, 1, 10_000, at(20)));
    var history = new ArrayList<>(planned);
    history.addAll(JobFixtures.codeRunning(1).subList(planned.size(), planned.size() + 2));

    JobState state =
        given(history)
            .when(new CompleteAttempt(code(1), 1, new Artifact(artifact(1)), CODE_USAGE, at(40)))
            .then(
                new CoderCompleted(code(1), 1, artifact(1), CODE_USAGE, at(40)),
                new JobStepCompleted(code(1), 1, 10_000, at(40)));

    assertThat(state.usage()).isEqualTo(new JobUsage(1_400, 700, 2_100, 0.00063, 16_000, 2, 0));
  }

  @Test
  void givenACallOfUnknownCost_whenRecorded_thenTheCostStaysUnknownNotZero() {
    AgentUsage unpriced = new AgentUsage("my-local-model", Map.of(), null, 1_200, null);

    JobState state =
        given(JobFixtures.planRunning())
            .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), unpriced, at(17)))
            .then(
                new PlannerCompleted(PLAN, 1, PLAN_TEXT, unpriced, at(17)),
                new JobStepCompleted(PLAN, 1, 7_000, at(17)));

    assertThat(state.usage().costUsd()).isNull();
    assertThat(state.usage().unpricedCalls()).isEqualTo(1);
    assertThat(state.usage().agentTimeMs()).isEqualTo(1_200);
  }

  @Test
  void givenATokenBudget_whenAnAttemptGoesOverIt_thenBudgetExceededAndTheJobFails() {
    JobState state =
        given(withLimits(JobFixtures.planRunning(), tokens(800, BudgetAction.FAIL)))
            .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), PLAN_USAGE, at(17)))
            .then(
                new PlannerCompleted(PLAN, 1, PLAN_TEXT, PLAN_USAGE, at(17)),
                new JobStepCompleted(PLAN, 1, 7_000, at(17)),
                new JobBudgetExceeded(Budget.MAX_TOTAL_TOKENS, 800, 900, BudgetAction.FAIL, at(17)),
                new JobFailed(
                    "budget maxTotalTokens exceeded: 900 tokens used, the limit is 800",
                    PLAN,
                    at(17)));

    assertThat(state.status()).isEqualTo(JobStatus.FAILED);
    assertThat(state.failureReason()).contains("maxTotalTokens");
  }

  @Test
  void givenATokenBudget_whenAnAttemptStaysWithinIt_thenTheJobGoesOn() {
    given(withLimits(JobFixtures.planRunning(), tokens(900, BudgetAction.FAIL)))
        .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), PLAN_USAGE, at(17)))
        .then(
            new PlannerCompleted(PLAN, 1, PLAN_TEXT, PLAN_USAGE, at(17)),
            new JobStepCompleted(PLAN, 1, 7_000, at(17)));
  }

  @Test
  void givenACostBudgetThatPauses_whenAnAttemptGoesOverIt_thenTheJobPausesNamingTheBudget() {
    JobState state =
        given(withLimits(JobFixtures.planRunning(), cost(0.0002, BudgetAction.PAUSE)))
            .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), PLAN_USAGE, at(17)))
            .then(
                new PlannerCompleted(PLAN, 1, PLAN_TEXT, PLAN_USAGE, at(17)),
                new JobStepCompleted(PLAN, 1, 7_000, at(17)),
                new JobBudgetExceeded(
                    Budget.MAX_COST_USD, 0.0002, 0.00027, BudgetAction.PAUSE, at(17)),
                new JobPaused(
                    "budget maxCostUsd exceeded: 0.00027 USD used, the limit is 0.0002 USD",
                    JobDecider.BUDGET_ACTOR,
                    at(17)));

    assertThat(state.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(state.pauseReason()).startsWith("budget maxCostUsd exceeded");
  }

  @Test
  void givenACostBudget_whenTheCostIsUnknown_thenItIsNotCountedAsSpent() {
    AgentUsage unpriced =
        new AgentUsage("unlisted", Map.of(), AgentUsage.Tokens.of(10_000, 10_000), 1, null);

    given(withLimits(JobFixtures.planRunning(), cost(0.0001, BudgetAction.FAIL)))
        .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), unpriced, at(17)))
        .then(
            new PlannerCompleted(PLAN, 1, PLAN_TEXT, unpriced, at(17)),
            new JobStepCompleted(PLAN, 1, 7_000, at(17)));
  }

  @Test
  void givenATokenBudget_whenAFailedAttemptGoesOverIt_thenNoRetryAndTheJobFails() {
    given(withLimits(JobFixtures.planRunning(), tokens(500, BudgetAction.FAIL)))
        .when(
            new FailAttempt(
                PLAN,
                1,
                FailureKind.ERROR,
                "bad gateway",
                Duration.ofSeconds(1),
                PLAN_USAGE,
                at(15)))
        .then(
            new JobStepFailed(PLAN, 1, FailureKind.ERROR, "bad gateway", PLAN_USAGE, at(15)),
            new JobBudgetExceeded(Budget.MAX_TOTAL_TOKENS, 500, 900, BudgetAction.FAIL, at(15)),
            new JobFailed(
                "budget maxTotalTokens exceeded: 900 tokens used, the limit is 500", PLAN, at(15)));
  }

  @Test
  void givenATokenBudgetThatPauses_whenAFailedAttemptGoesOverIt_thenRetryScheduledAndPaused() {
    JobState state =
        given(withLimits(JobFixtures.planRunning(), tokens(500, BudgetAction.PAUSE)))
            .when(
                new FailAttempt(
                    PLAN,
                    1,
                    FailureKind.ERROR,
                    "bad gateway",
                    Duration.ofSeconds(1),
                    PLAN_USAGE,
                    at(15)))
            .then(
                new JobStepFailed(PLAN, 1, FailureKind.ERROR, "bad gateway", PLAN_USAGE, at(15)),
                new JobStepRetryScheduled(PLAN, 2, at(16), at(15)),
                new JobBudgetExceeded(
                    Budget.MAX_TOTAL_TOKENS, 500, 900, BudgetAction.PAUSE, at(15)),
                new JobPaused(
                    "budget maxTotalTokens exceeded: 900 tokens used, the limit is 500",
                    JobDecider.BUDGET_ACTOR,
                    at(15)));

    assertThat(state.status()).isEqualTo(JobStatus.PAUSED);
  }

  @Test
  void givenAPausedJob_whenItsCallEndsOverBudget_thenBudgetExceededOnlyAndItStaysPaused() {
    List<JobEvent> paused =
        JobFixtures.history(
            withLimits(JobFixtures.planRunning(), tokens(500, BudgetAction.PAUSE)),
            new JobPaused("maintenance", JobFixtures.CREATOR, at(12)));

    JobState state =
        given(paused)
            .when(new CompleteAttempt(PLAN, 1, new Plan(PLAN_TEXT), PLAN_USAGE, at(17)))
            .then(
                new PlannerCompleted(PLAN, 1, PLAN_TEXT, PLAN_USAGE, at(17)),
                new JobStepCompleted(PLAN, 1, 7_000, at(17)),
                new JobBudgetExceeded(
                    Budget.MAX_TOTAL_TOKENS, 500, 900, BudgetAction.PAUSE, at(17)));

    assertThat(state.status()).isEqualTo(JobStatus.PAUSED);
    assertThat(state.pauseReason()).isEqualTo("maintenance");
  }

  @Test
  void givenATokenBudget_whenTheCallThatGoesOverItIsTheApproval_thenTheJobCompletes() {
    AgentUsage big = new AgentUsage("m", Map.of(), AgentUsage.Tokens.of(5_000, 5_000), 1, null);

    given(withLimits(JobFixtures.critiqueRunning(1), tokens(500, BudgetAction.FAIL)))
        .when(
            new CompleteAttempt(
                critique(1), 1, new Review(Verdict.APPROVED, "looks good"), big, at(60)))
        .then(
            new CritiqueCompleted(critique(1), 1, Verdict.APPROVED, "looks good", big, at(60)),
            new JobStepCompleted(critique(1), 1, 10_000, at(60)),
            new JobCompleted(artifact(1), at(60)));
  }

  @Test
  void budgetsMustBePositiveAndFinite() {
    assertThatThrownBy(() -> tokens(0, BudgetAction.FAIL))
        .hasMessageContaining("maxTotalTokens must be between 1");
    assertThatThrownBy(() -> cost(0, BudgetAction.FAIL))
        .hasMessageContaining("maxCostUsd must be more than 0");
    assertThatThrownBy(() -> cost(Double.NaN, BudgetAction.FAIL))
        .hasMessageContaining("maxCostUsd");
    assertThatThrownBy(() -> cost(Double.POSITIVE_INFINITY, BudgetAction.FAIL))
        .hasMessageContaining("maxCostUsd");
  }

  @Test
  void costsAreSummedToTheBillionthOfADollar() {
    var tenth = new AgentUsage("m", Map.of(), AgentUsage.Tokens.of(1, 1), 1, 0.1);
    JobUsage usage = JobUsage.NONE.plus(tenth).plus(tenth).plus(tenth);
    assertThat(usage.costUsd()).isEqualTo(0.3);
  }
}
