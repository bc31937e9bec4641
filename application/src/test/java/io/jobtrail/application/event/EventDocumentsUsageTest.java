package io.jobtrail.application.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.Budget;
import io.jobtrail.domain.job.BudgetAction;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.StepId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Usage and budgets in the stored documents, and events stored before either existed. */
class EventDocumentsUsageTest {

  private static final Instant AT = Instant.parse("2025-03-01T09:00:00.123456Z");
  private static final StepId PLAN = new StepId("plan");

  @Test
  void givenACompletionStoredBeforeUsageExisted_whenRead_thenItHasNoUsage() {
    Map<String, Object> stored =
        Map.of("stepId", "plan", "attempt", 1, "plan", "1. add", "at", AT.toString());

    var event = (JobEvent.PlannerCompleted) EventDocuments.read("PlannerCompleted", stored);

    assertThat(event.usage()).isNull();
    assertThat(CanonicalJson.write(EventDocuments.write(event)))
        .as("and it is written as it was stored")
        .isEqualTo(CanonicalJson.write(stored));
  }

  @Test
  void givenAFailureStoredBeforeUsageExisted_whenUpcastAndRead_thenItHasNoUsage() {
    Map<String, Object> v1 =
        Map.of(
            "stepId",
            "plan",
            "attempt",
            1,
            "retryable",
            true,
            "error",
            "boom",
            "at",
            AT.toString());

    var event =
        (JobEvent.JobStepFailed)
            EventDocuments.read("JobStepFailed", EventUpcasters.upcast("JobStepFailed", 1, v1));

    assertThat(event.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(event.usage()).isNull();
  }

  @Test
  void givenLimitsWithoutBudgets_whenWritten_thenTheShapeIsTheOneBeforeBudgets() {
    assertThat(EventDocuments.limits(JobLimits.DEFAULT))
        .containsOnlyKeys(
            "maxIterations", "maxAttempts", "stepTimeoutMs", "backoffInitialMs", "backoffMaxMs");
  }

  @Test
  void givenUsageOfEveryKindAndABudgetDecision_whenWrittenAndRead_thenEqual() {
    var priced =
        new AgentUsage(
            "gpt-4o-mini", Map.of("temperature", 0.2), AgentUsage.Tokens.of(10, 5), 120, 0.0000045);
    var unknown = new AgentUsage(null, Map.of(), null, 7, null);
    var limits = new JobLimits(3, 3, 60_000, 0, 0, 100L, 0.25, BudgetAction.PAUSE);
    List<JobEvent> events =
        List.of(
            new JobEvent.PlannerCompleted(PLAN, 1, "1. add", priced, AT),
            new JobEvent.CoderCompleted(new StepId("code-1"), 2, "x", unknown, AT),
            new JobEvent.JobStepFailed(PLAN, 1, FailureKind.TIMEOUT, "slow", priced, AT),
            new JobEvent.JobBudgetExceeded(Budget.MAX_COST_USD, 0.25, 0.3, BudgetAction.PAUSE, AT));

    for (JobEvent event : events) {
      assertThat(EventDocuments.read(event.eventType(), EventDocuments.write(event)))
          .isEqualTo(event);
    }
    assertThat(EventDocuments.limits(EventDocuments.limits(limits))).isEqualTo(limits);
  }
}
