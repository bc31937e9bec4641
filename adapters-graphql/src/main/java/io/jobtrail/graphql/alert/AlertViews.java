package io.jobtrail.graphql.alert;

import io.jobtrail.application.alert.AlertCondition;
import io.jobtrail.application.alert.AlertDelivery;
import io.jobtrail.application.alert.AlertMatch;
import io.jobtrail.application.alert.AlertRule;
import io.jobtrail.application.alert.DeliveryAttempt;
import io.jobtrail.application.alert.DeliveryState;
import io.jobtrail.application.alert.Durations;
import io.jobtrail.application.alert.WebhookFormat;
import io.jobtrail.domain.job.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The GraphQL shapes of rules and deliveries; a rule's secret has no field. */
final class AlertViews {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private AlertViews() {}

  record RuleView(
      String id,
      String name,
      boolean enabled,
      MatchView match,
      @Nullable ConditionView condition,
      WebhookView webhook,
      int version,
      String createdBy,
      Instant createdAt,
      String updatedBy,
      Instant updatedAt) {}

  record MatchView(
      List<String> eventTypes,
      @Nullable String jobName,
      List<JobStatus> statuses,
      Map<String, Object> parameters,
      List<String> agentKinds) {}

  record ConditionView(
      String type,
      @Nullable Integer atLeast,
      @Nullable String duration,
      @Nullable Double abovePercent,
      @Nullable String window,
      @Nullable Integer minJobs) {}

  record WebhookView(String url, WebhookFormat format) {}

  record CountsView(long pending, long retrying, long delivered, long dead, long cancelled) {
    static CountsView of(Map<DeliveryState, Long> counts) {
      return new CountsView(
          counts.getOrDefault(DeliveryState.PENDING, 0L),
          counts.getOrDefault(DeliveryState.RETRYING, 0L),
          counts.getOrDefault(DeliveryState.DELIVERED, 0L),
          counts.getOrDefault(DeliveryState.DEAD, 0L),
          counts.getOrDefault(DeliveryState.CANCELLED, 0L));
    }
  }

  record DeliveryView(
      String id,
      String idempotencyKey,
      String ruleId,
      @Nullable String jobId,
      String trigger,
      WebhookFormat format,
      DeliveryState state,
      int attempts,
      int maxAttempts,
      Instant createdAt,
      @Nullable Instant nextAttemptAt,
      @Nullable Instant deliveredAt,
      @Nullable Integer lastStatusCode,
      @Nullable String lastError,
      @Nullable String redeliveredBy,
      @Nullable Instant redeliveredAt,
      Object payload,
      List<DeliveryAttempt> attemptLog) {}

  record DeliveryEdge(String cursor, DeliveryView node) {}

  record PageInfo(boolean hasNextPage, @Nullable String endCursor) {}

  record DeliveryConnection(List<DeliveryEdge> edges, PageInfo pageInfo) {}

  static RuleView of(AlertRule rule) {
    AlertMatch m = rule.match();
    return new RuleView(
        rule.id().toString(),
        rule.name(),
        rule.enabled(),
        new MatchView(
            m.eventTypes().stream().sorted().toList(),
            m.jobName(),
            m.statuses().stream().sorted().toList(),
            m.parameters(),
            m.agentKinds().stream().sorted().toList()),
        rule.condition() == null ? null : of(rule.condition()),
        new WebhookView(rule.url().toString(), rule.format()),
        rule.version(),
        rule.createdBy(),
        rule.createdAt(),
        rule.updatedBy(),
        rule.updatedAt());
  }

  static ConditionView of(AlertCondition condition) {
    String type = condition.type();
    return switch (condition) {
      case AlertCondition.JobFailed c -> new ConditionView(type, null, null, null, null, null);
      case AlertCondition.StepRetried c ->
          new ConditionView(type, c.atLeast(), null, null, null, null);
      case AlertCondition.RunningLongerThan c ->
          new ConditionView(type, null, Durations.format(c.duration()), null, null, null);
      case AlertCondition.NoEventFor c ->
          new ConditionView(type, null, Durations.format(c.duration()), null, null, null);
      case AlertCondition.FailureRate c ->
          new ConditionView(
              type, null, null, c.abovePercent(), Durations.format(c.window()), c.minJobs());
    };
  }

  static DeliveryView of(AlertDelivery d) {
    return new DeliveryView(
        d.id().toString(),
        d.id().toString(),
        d.ruleId().toString(),
        d.jobId() == null ? null : d.jobId().toString(),
        d.trigger(),
        d.format(),
        d.state(),
        d.attempts(),
        d.maxAttempts(),
        d.createdAt(),
        d.nextAttemptAt(),
        d.deliveredAt(),
        d.lastStatusCode(),
        d.lastError(),
        d.redeliveredBy(),
        d.redeliveredAt(),
        JSON.readValue(d.body(), new TypeReference<Map<String, Object>>() {}),
        d.attemptLog());
  }
}
