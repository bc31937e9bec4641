package io.jobtrail.graphql.alert;

import io.jobtrail.application.alert.AlertCondition;
import io.jobtrail.application.alert.AlertMatch;
import io.jobtrail.application.alert.AlertRuleInput;
import io.jobtrail.application.alert.Durations;
import io.jobtrail.application.alert.WebhookFormat;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.graphql.error.ApiException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The GraphQL inputs of the alert mutations, and their translation into the core's types. */
final class AlertInputs {

  private AlertInputs() {}

  record RuleInput(
      String name,
      @Nullable Boolean enabled,
      @Nullable MatchInput match,
      @Nullable ConditionInput condition,
      WebhookInput webhook) {

    AlertRuleInput toCore() {
      return new AlertRuleInput(
          name,
          enabled == null || enabled,
          match == null ? AlertMatch.ANY : match.toCore(),
          condition == null ? null : condition.toCore(),
          webhook.url(),
          webhook.format() == null ? WebhookFormat.JSON : webhook.format(),
          webhook.secret());
    }
  }

  record MatchInput(
      @Nullable List<String> eventTypes,
      @Nullable String jobName,
      @Nullable List<JobStatus> statuses,
      @Nullable Map<String, Object> parameters,
      @Nullable List<String> agentKinds) {

    AlertMatch toCore() {
      return new AlertMatch(
          eventTypes == null ? Set.of() : Set.copyOf(eventTypes),
          jobName,
          statuses == null ? Set.of() : Set.copyOf(statuses),
          parameters == null ? Map.of() : parameters,
          agentKinds == null ? Set.of() : Set.copyOf(agentKinds));
    }
  }

  record StepRetriedInput(int atLeast) {}

  record FailureRateInput(double abovePercent, String window, @Nullable Integer minJobs) {}

  /** One of its fields is set (the schema's {@code @oneOf}). */
  record ConditionInput(
      @Nullable Boolean jobFailed,
      @Nullable StepRetriedInput stepRetried,
      @Nullable String runningLongerThan,
      @Nullable String noEventFor,
      @Nullable FailureRateInput failureRate) {

    AlertCondition toCore() {
      if (jobFailed != null) {
        if (!jobFailed) {
          throw ApiException.badInput("condition.jobFailed: true, or leave the condition out");
        }
        return new AlertCondition.JobFailed();
      }
      if (stepRetried != null) {
        return new AlertCondition.StepRetried(stepRetried.atLeast());
      }
      if (runningLongerThan != null) {
        return new AlertCondition.RunningLongerThan(
            Durations.parse("condition.runningLongerThan", runningLongerThan));
      }
      if (noEventFor != null) {
        return new AlertCondition.NoEventFor(Durations.parse("condition.noEventFor", noEventFor));
      }
      if (failureRate != null) {
        return new AlertCondition.FailureRate(
            failureRate.abovePercent(),
            Durations.parse("condition.failureRate.window", failureRate.window()),
            failureRate.minJobs() == null ? 1 : failureRate.minJobs());
      }
      throw ApiException.badInput("condition: set exactly one of its fields");
    }
  }

  record WebhookInput(String url, @Nullable String secret, @Nullable WebhookFormat format) {}

  static UUID id(String field, String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badInput(field + ": '" + text + "' is not an id");
    }
  }
}
