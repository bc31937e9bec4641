package io.jobtrail.application.alert;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.application.event.EnvelopeDocuments;
import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.domain.job.JobState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The bodies webhooks receive. {@code JSON}: the delivery id (the idempotency key), what fired, a
 * one-line summary, the rule, the job as of the trigger, and the triggering events in the envelope
 * shape. {@code SLACK}: an incoming-webhook message with the same summary.
 */
final class AlertPayloads {

  private AlertPayloads() {}

  /** What fired a rule, ready to become a delivery. */
  record Firing(
      String triggerKey,
      String trigger,
      String summary,
      @Nullable JobState job,
      List<RecordedEvent> events) {}

  static String body(UUID deliveryId, AlertRule rule, Firing firing, Instant firedAt) {
    return switch (rule.format()) {
      case JSON ->
          json(
              deliveryId,
              rule,
              firing.trigger(),
              firing.summary(),
              firing.job() == null ? null : job(firing.job()),
              firing.events().stream().map(e -> (Object) EnvelopeDocuments.of(e)).toList(),
              firedAt,
              false);
      case SLACK -> slack(deliveryId, rule, firing.summary(), firing.job());
    };
  }

  /** A sample notification, marked {@code test}, with a made-up failed job. */
  static String sample(UUID deliveryId, AlertRule rule, Instant now) {
    String summary = "Test notification of rule '" + rule.name() + "': job 'sample' failed";
    return switch (rule.format()) {
      case JSON -> {
        String jobId = "00000000-0000-7000-8000-000000000000";
        var job = new LinkedHashMap<String, Object>();
        job.put("id", jobId);
        job.put("name", "sample");
        job.put("status", "FAILED");
        job.put("failureReason", "a sample failure");
        var event = new LinkedHashMap<String, Object>();
        event.put("id", "00000000-0000-7000-8000-000000000001");
        event.put("jobId", jobId);
        event.put("eventType", "JobFailed");
        event.put("eventData", Map.of("reason", "a sample failure", "at", now.toString()));
        event.put("timestamp", now.toString());
        event.put("sequence", 1);
        yield json(deliveryId, rule, "TEST", summary, job, List.of(event), now, true);
      }
      case SLACK -> slack(deliveryId, rule, summary, null);
    };
  }

  private static String json(
      UUID deliveryId,
      AlertRule rule,
      String trigger,
      String summary,
      @Nullable Map<String, Object> job,
      List<Object> events,
      Instant firedAt,
      boolean test) {
    var ruleDoc = new LinkedHashMap<String, Object>();
    ruleDoc.put("id", rule.id().toString());
    ruleDoc.put("name", rule.name());
    ruleDoc.put("version", rule.version());
    if (rule.condition() != null) {
      ruleDoc.put("condition", AlertRuleDocuments.condition(rule.condition()));
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("deliveryId", deliveryId.toString());
    body.put("idempotencyKey", deliveryId.toString());
    body.put("trigger", trigger);
    body.put("summary", summary);
    body.put("test", test);
    body.put("firedAt", firedAt.toString());
    body.put("rule", ruleDoc);
    body.put("job", job);
    body.put("events", events);
    return CanonicalJson.write(body);
  }

  private static String slack(
      UUID deliveryId, AlertRule rule, String summary, @Nullable JobState job) {
    String details =
        job == null
            ? ""
            : "\nJob `"
                + job.id()
                + "` · status *"
                + job.status()
                + "*"
                + (job.currentStep() == null ? "" : " · step " + job.currentStep());
    var section =
        Map.of(
            "type",
            "section",
            "text",
            Map.of(
                "type",
                "mrkdwn",
                "text",
                "*" + escape(rule.name()) + "*\n" + escape(summary) + details));
    var context =
        Map.of(
            "type",
            "context",
            "elements",
            List.of(Map.of("type", "mrkdwn", "text", "Jobtrail delivery " + deliveryId)));
    var body = new LinkedHashMap<String, Object>();
    body.put("text", "[Jobtrail] " + summary);
    body.put("blocks", List.of(section, context));
    return CanonicalJson.write(body);
  }

  /** Slack's mrkdwn control characters. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static Map<String, Object> job(JobState job) {
    var doc = new LinkedHashMap<String, Object>();
    doc.put("id", job.id().toString());
    doc.put("name", job.name());
    doc.put("status", job.status().name());
    doc.put("currentStep", job.currentStep() == null ? null : job.currentStep().value());
    doc.put("progress", job.progress());
    doc.put("version", job.version());
    doc.put("createdBy", job.createdBy());
    doc.put("createdAt", job.createdAt().toString());
    doc.put("updatedAt", job.updatedAt().toString());
    doc.put("startedAt", job.startedAt() == null ? null : job.startedAt().toString());
    doc.put("endedAt", job.endedAt() == null ? null : job.endedAt().toString());
    doc.put("failureReason", job.failureReason());
    doc.put("parameters", job.parameters());
    doc.put("agents", EventDocuments.agents(job.agents()));
    if (job.replayOf() != null) {
      doc.put(
          "replayOf",
          Map.of("jobId", job.replayOf().jobId().toString(), "version", job.replayOf().version()));
    }
    return doc;
  }
}
