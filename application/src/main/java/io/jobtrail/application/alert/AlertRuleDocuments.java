package io.jobtrail.application.alert;

import io.jobtrail.domain.job.JobStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Rules as JSON values: the stored definition (match and condition) and the document a change
 * records. Neither ever holds the secret.
 */
public final class AlertRuleDocuments {

  private AlertRuleDocuments() {}

  /** The match and the condition, as stored with the rule. */
  public static Map<String, Object> definition(
      AlertMatch match, @Nullable AlertCondition condition) {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("match", match(match));
    if (condition != null) {
      doc.put("condition", condition(condition));
    }
    return doc;
  }

  /** The rule as a change records it, without the secret. */
  public static Map<String, Object> rule(AlertRule rule) {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("id", rule.id().toString());
    doc.put("name", rule.name());
    doc.put("enabled", rule.enabled());
    doc.putAll(definition(rule.match(), rule.condition()));
    doc.put("webhook", Map.of("url", rule.url().toString(), "format", rule.format().name()));
    doc.put("version", rule.version());
    return doc;
  }

  public static Map<String, Object> match(AlertMatch match) {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("eventTypes", List.copyOf(match.eventTypes().stream().sorted().toList()));
    if (match.jobName() != null) {
      doc.put("jobName", match.jobName());
    }
    doc.put("statuses", match.statuses().stream().map(Enum::name).sorted().toList());
    doc.put("parameters", match.parameters());
    doc.put("agentKinds", match.agentKinds().stream().sorted().toList());
    return doc;
  }

  public static Map<String, Object> condition(AlertCondition condition) {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("type", condition.type());
    switch (condition) {
      case AlertCondition.JobFailed c -> {}
      case AlertCondition.StepRetried c -> doc.put("atLeast", c.atLeast());
      case AlertCondition.RunningLongerThan c ->
          doc.put("duration", Durations.format(c.duration()));
      case AlertCondition.NoEventFor c -> doc.put("duration", Durations.format(c.duration()));
      case AlertCondition.FailureRate c -> {
        doc.put("abovePercent", c.abovePercent());
        doc.put("window", Durations.format(c.window()));
        doc.put("minJobs", c.minJobs());
      }
    }
    return doc;
  }

  public static AlertMatch readMatch(Map<String, ?> definition) {
    Map<?, ?> doc = (Map<?, ?>) definition.get("match");
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = (Map<String, Object>) doc.get("parameters");
    return new AlertMatch(
        strings(doc.get("eventTypes")),
        (String) doc.get("jobName"),
        strings(doc.get("statuses")).stream().map(JobStatus::valueOf).collect(Collectors.toSet()),
        parameters == null ? Map.of() : parameters,
        strings(doc.get("agentKinds")));
  }

  public static @Nullable AlertCondition readCondition(Map<String, ?> definition) {
    Map<?, ?> doc = (Map<?, ?>) definition.get("condition");
    if (doc == null) {
      return null;
    }
    String type = (String) doc.get("type");
    return switch (type) {
      case "JOB_FAILED" -> new AlertCondition.JobFailed();
      case "STEP_RETRIED" ->
          new AlertCondition.StepRetried(((Number) doc.get("atLeast")).intValue());
      case "RUNNING_LONGER_THAN" -> new AlertCondition.RunningLongerThan(duration(doc, "duration"));
      case "NO_EVENT_FOR" -> new AlertCondition.NoEventFor(duration(doc, "duration"));
      case "FAILURE_RATE" ->
          new AlertCondition.FailureRate(
              ((Number) doc.get("abovePercent")).doubleValue(),
              duration(doc, "window"),
              ((Number) doc.get("minJobs")).intValue());
      default -> throw new IllegalStateException("stored rule has an unknown condition " + type);
    };
  }

  private static Duration duration(Map<?, ?> doc, String key) {
    return Durations.parse(key, (String) doc.get(key));
  }

  private static Set<String> strings(@Nullable Object list) {
    if (list == null) {
      return Set.of();
    }
    return ((List<?>) list).stream().map(String::valueOf).collect(Collectors.toSet());
  }
}
