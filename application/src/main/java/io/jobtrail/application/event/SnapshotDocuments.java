package io.jobtrail.application.event;

import io.jobtrail.application.event.EventDocuments.Document;
import io.jobtrail.application.event.EventDocuments.Reader;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.ApprovalGate;
import io.jobtrail.domain.job.ApprovalState;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.JobUsage;
import io.jobtrail.domain.job.JsonValues;
import io.jobtrail.domain.job.StepId;
import io.jobtrail.domain.job.StepState;
import io.jobtrail.domain.job.StepStatus;
import io.jobtrail.domain.job.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a snapshot: a {@link JobState} as a JSON document of plain values, written and
 * read member by member (never by reflection), so renaming a field of the domain never changes what
 * is stored. The document is at {@link #FORMAT}; a snapshot of another format is not read (the
 * stores skip it and the job is folded from its events, then snapshotted again).
 *
 * <p>Adding a field to {@code JobState} or {@code StepState}: write it in {@link #write}, read it
 * in {@link #read}, raise {@link #FORMAT} (a snapshot taken before cannot know the field: it must
 * not be read as if the field were empty), and pin the new form in the golden test. The round-trip
 * property over random histories fails while the form misses a field.
 *
 * <pre>
 * { "id", "name", "task", "parameters": {…}, "agents": {planner, coder, critique: {kind, settings}},
 *   "limits": {maxIterations, maxAttempts, stepTimeoutMs, backoffInitialMs, backoffMaxMs,
 *              maxTotalTokens?, maxCostUsd?, onBudgetExceeded?},
 *   "createdBy", "replayOf"?: {jobId, version, overrides, reuse?}, "status", "version",
 *   "createdAt", "updatedAt", "startedAt"?, "endedAt"?, "currentStep"?, "progress",
 *   "plan"?, "iteration", "artifact"?, "lastFeedback"?,
 *   "failureReason"?, "pauseReason"?, "cancelReason"?,
 *   "steps": [ { "id", "role", "iteration", "attempt", "status",
 *                "input"?: {task, parameters, plan?, artifact?, feedback?, iteration},
 *                "output"?: {"type": "Plan", plan} | {"type": "Artifact", artifact}
 *                           | {"type": "Review", verdict, feedback},
 *                "error"?, "startedAt", "endedAt"?, "retryAt"?, "countedFailures" } ],
 *   "usage": {promptTokens, completionTokens, totalTokens, costUsd?, agentTimeMs, calls,
 *             unpricedCalls},
 *   "approval": {afterPlan, beforeComplete, timeoutMs?, onTimeout},
 *   "approvals": [ { "gate", "stepId", "requestedAt", "deadline"?,
 *                    "decision"?: {approved, actor, comment?, at} } ] }
 * </pre>
 *
 * Members marked ? are left out when empty; times are ISO-8601 instants.
 */
public final class SnapshotDocuments {

  /**
   * The format of {@link #write}'s documents. 1 was the Jackson reflection of {@code JobState}
   * before this form (never read any more: such snapshots are rebuilt); 2 had no {@code usage}; 3
   * no {@code approval} and {@code approvals}.
   */
  public static final int FORMAT = 4;

  private SnapshotDocuments() {}

  public static Map<String, Object> write(JobState s) {
    var d = new Document();
    d.put("id", s.id().toString());
    d.put("name", s.name());
    d.put("task", s.task());
    d.put("parameters", s.parameters());
    d.put("agents", EventDocuments.agents(s.agents()));
    d.put("limits", EventDocuments.limits(s.limits()));
    d.put("createdBy", s.createdBy());
    d.put("replayOf", s.replayOf() == null ? null : EventDocuments.replayOrigin(s.replayOf()));
    d.put("status", s.status().name());
    d.put("version", s.version());
    d.put("createdAt", s.createdAt().toString());
    d.put("updatedAt", s.updatedAt().toString());
    d.put("startedAt", text(s.startedAt()));
    d.put("endedAt", text(s.endedAt()));
    d.put("currentStep", s.currentStep() == null ? null : s.currentStep().value());
    d.put("progress", s.progress());
    d.put("plan", s.plan());
    d.put("iteration", s.iteration());
    d.put("artifact", s.artifact());
    d.put("lastFeedback", s.lastFeedback());
    d.put("failureReason", s.failureReason());
    d.put("pauseReason", s.pauseReason());
    d.put("cancelReason", s.cancelReason());
    var steps = new ArrayList<Object>(s.steps().size());
    for (StepState step : s.steps()) {
      steps.add(step(step));
    }
    d.put("steps", steps);
    d.put("usage", usage(s.usage()));
    d.put("approval", EventDocuments.approval(s.approval()));
    var approvals = new ArrayList<Object>(s.approvals().size());
    for (ApprovalState approval : s.approvals()) {
      approvals.add(approval(approval));
    }
    d.put("approvals", approvals);
    return JsonValues.object(d.values);
  }

  private static Map<String, Object> approval(ApprovalState a) {
    var d = new Document();
    d.put("gate", a.gate().name());
    d.put("stepId", a.stepId().value());
    d.put("requestedAt", a.requestedAt().toString());
    d.put("deadline", text(a.deadline()));
    ApprovalState.Decision decision = a.decision();
    if (decision != null) {
      var decided = new Document();
      decided.put("approved", decision.approved());
      decided.put("actor", decision.actor());
      decided.put("comment", decision.comment());
      decided.put("at", decision.at().toString());
      d.put("decision", JsonValues.object(decided.values));
    }
    return JsonValues.object(d.values);
  }

  private static ApprovalState approval(Map<String, Object> document) {
    var d = new Reader(document);
    ApprovalState.Decision decision = null;
    if (d.has("decision")) {
      var decided = new Reader(d.object("decision"));
      decision =
          new ApprovalState.Decision(
              decided.bool("approved"),
              decided.string("actor"),
              decided.optionalString("comment"),
              decided.instant("at"));
    }
    return new ApprovalState(
        ApprovalGate.valueOf(d.string("gate")),
        new StepId(d.string("stepId")),
        d.instant("requestedAt"),
        d.optionalInstant("deadline"),
        decision);
  }

  private static Map<String, Object> usage(JobUsage u) {
    var d = new Document();
    d.put("promptTokens", u.promptTokens());
    d.put("completionTokens", u.completionTokens());
    d.put("totalTokens", u.totalTokens());
    d.put("costUsd", u.costUsd());
    d.put("agentTimeMs", u.agentTimeMs());
    d.put("calls", u.calls());
    d.put("unpricedCalls", u.unpricedCalls());
    return JsonValues.object(d.values);
  }

  private static JobUsage usage(Map<String, Object> document) {
    var d = new Reader(document);
    return new JobUsage(
        d.number("promptTokens"),
        d.number("completionTokens"),
        d.number("totalTokens"),
        d.has("costUsd") ? d.decimal("costUsd") : null,
        d.number("agentTimeMs"),
        d.integer("calls"),
        d.integer("unpricedCalls"));
  }

  /**
   * Reads a document of {@link #FORMAT}.
   *
   * @throws IllegalArgumentException if it is not one (a member missing or of the wrong kind)
   */
  public static JobState read(Map<String, ?> document) {
    var d = new Reader(document);
    var steps = new ArrayList<StepState>();
    for (Object step : d.list("steps")) {
      if (!(step instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("a step is not an object");
      }
      steps.add(step(asDocument(m)));
    }
    var approvals = new ArrayList<ApprovalState>();
    for (Object approval : d.list("approvals")) {
      if (!(approval instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("an approval is not an object");
      }
      approvals.add(approval(asDocument(m)));
    }
    return new JobState(
        JobId.parse(d.string("id")),
        d.string("name"),
        d.string("task"),
        d.object("parameters"),
        EventDocuments.agents(d.object("agents")),
        EventDocuments.limits(d.object("limits")),
        d.string("createdBy"),
        d.has("replayOf") ? EventDocuments.replayOrigin(d.object("replayOf")) : null,
        JobStatus.valueOf(d.string("status")),
        d.number("version"),
        d.instant("createdAt"),
        d.instant("updatedAt"),
        d.optionalInstant("startedAt"),
        d.optionalInstant("endedAt"),
        d.has("currentStep") ? new StepId(d.string("currentStep")) : null,
        d.decimal("progress"),
        d.optionalString("plan"),
        d.integer("iteration"),
        d.optionalString("artifact"),
        d.optionalString("lastFeedback"),
        d.optionalString("failureReason"),
        d.optionalString("pauseReason"),
        d.optionalString("cancelReason"),
        steps,
        usage(d.object("usage")),
        EventDocuments.approval(d.object("approval")),
        approvals);
  }

  private static Map<String, Object> step(StepState step) {
    var d = new Document();
    d.put("id", step.id().value());
    d.put("role", step.role().name());
    d.put("iteration", step.iteration());
    d.put("attempt", step.attempt());
    d.put("status", step.status().name());
    d.put("input", step.input() == null ? null : EventDocuments.input(step.input()));
    d.put("output", step.output() == null ? null : output(step.output()));
    d.put("error", step.error());
    d.put("startedAt", step.startedAt().toString());
    d.put("endedAt", text(step.endedAt()));
    d.put("retryAt", text(step.retryAt()));
    d.put("countedFailures", step.countedFailures());
    return JsonValues.object(d.values);
  }

  private static StepState step(Map<String, Object> document) {
    var d = new Reader(document);
    return new StepState(
        new StepId(d.string("id")),
        AgentRole.valueOf(d.string("role")),
        d.integer("iteration"),
        d.integer("attempt"),
        StepStatus.valueOf(d.string("status")),
        d.has("input") ? EventDocuments.input(d.object("input")) : null,
        d.has("output") ? output(d.object("output")) : null,
        d.optionalString("error"),
        d.instant("startedAt"),
        d.optionalInstant("endedAt"),
        d.optionalInstant("retryAt"),
        d.integer("countedFailures"));
  }

  private static Map<String, Object> output(AgentResult result) {
    return switch (result) {
      case AgentResult.Plan p -> Map.of("type", "Plan", "plan", p.plan());
      case AgentResult.Artifact a -> Map.of("type", "Artifact", "artifact", a.artifact());
      case AgentResult.Review r ->
          Map.of("type", "Review", "verdict", r.verdict().name(), "feedback", r.feedback());
    };
  }

  private static AgentResult output(Map<String, Object> document) {
    var d = new Reader(document);
    return switch (d.string("type")) {
      case "Plan" -> new AgentResult.Plan(d.string("plan"));
      case "Artifact" -> new AgentResult.Artifact(d.string("artifact"));
      case "Review" ->
          new AgentResult.Review(Verdict.valueOf(d.string("verdict")), d.string("feedback"));
      default -> throw new IllegalArgumentException("unknown output type " + d.string("type"));
    };
  }

  private static @Nullable String text(@Nullable Instant instant) {
    return instant == null ? null : instant.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asDocument(Map<?, ?> map) {
    return JsonValues.object((Map<String, ?>) map);
  }
}
