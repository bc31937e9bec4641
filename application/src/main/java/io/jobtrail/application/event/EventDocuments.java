package io.jobtrail.application.event;

import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentInput;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.ApprovalGate;
import io.jobtrail.domain.job.ApprovalPolicy;
import io.jobtrail.domain.job.ApprovalTimeoutAction;
import io.jobtrail.domain.job.Budget;
import io.jobtrail.domain.job.BudgetAction;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvent.ApprovalGranted;
import io.jobtrail.domain.job.JobEvent.ApprovalRejected;
import io.jobtrail.domain.job.JobEvent.ApprovalRequested;
import io.jobtrail.domain.job.JobEvent.ApprovalTimedOut;
import io.jobtrail.domain.job.JobEvent.CoderCompleted;
import io.jobtrail.domain.job.JobEvent.CoderStarted;
import io.jobtrail.domain.job.JobEvent.CritiqueCompleted;
import io.jobtrail.domain.job.JobEvent.CritiqueStarted;
import io.jobtrail.domain.job.JobEvent.JobBudgetExceeded;
import io.jobtrail.domain.job.JobEvent.JobCancelled;
import io.jobtrail.domain.job.JobEvent.JobCompleted;
import io.jobtrail.domain.job.JobEvent.JobCreated;
import io.jobtrail.domain.job.JobEvent.JobFailed;
import io.jobtrail.domain.job.JobEvent.JobPaused;
import io.jobtrail.domain.job.JobEvent.JobResumed;
import io.jobtrail.domain.job.JobEvent.JobStarted;
import io.jobtrail.domain.job.JobEvent.JobStepCompleted;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobEvent.JobStepRetryScheduled;
import io.jobtrail.domain.job.JobEvent.JobStepStarted;
import io.jobtrail.domain.job.JobEvent.PlannerCompleted;
import io.jobtrail.domain.job.JobEvent.PlannerStarted;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JsonValues;
import io.jobtrail.domain.job.ReplayOrigin;
import io.jobtrail.domain.job.ReuseMode;
import io.jobtrail.domain.job.ReusedFrom;
import io.jobtrail.domain.job.StepId;
import io.jobtrail.domain.job.Verdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The stored and published shape of each event: a JSON object of plain values, at {@link
 * #CURRENT_SCHEMA_VERSION}. Written by hand (not by reflection) so that renaming a Java field never
 * silently changes what is stored, and exhaustive so a new event type cannot be forgotten. Older
 * stored shapes are brought to this one by {@link EventUpcasters} before {@link #read}.
 *
 * <p>Members added within a schema version are optional and left out when empty (a completion's
 * {@code usage}, a job's budgets, a job's {@code approval} policy), so events stored before them
 * read as they did (usage null, no budget, no approval: the job never waits) and an event without
 * them is written, and hashed, exactly as before.
 */
public final class EventDocuments {

  /** The schema version every event is written in. */
  public static final int CURRENT_SCHEMA_VERSION = 2;

  private EventDocuments() {}

  public static Map<String, Object> write(JobEvent event) {
    var d = new Document();
    switch (event) {
      case JobCreated e -> {
        d.put("jobId", e.jobId().toString());
        d.put("name", e.name());
        d.put("task", e.task());
        d.put("parameters", e.parameters());
        d.put("agents", agents(e.agents()));
        d.put("limits", limits(e.limits()));
        if (!e.approval().equals(ApprovalPolicy.NONE)) {
          d.put("approval", approval(e.approval()));
        }
        d.put("createdBy", e.createdBy());
        ReplayOrigin origin = e.replayOf();
        if (origin != null) {
          d.put("replayOf", replayOrigin(origin));
        }
      }
      case JobStarted e -> d.put("actor", e.actor());
      case JobPaused e -> {
        d.put("reason", e.reason());
        d.put("actor", e.actor());
      }
      case JobResumed e -> d.put("actor", e.actor());
      case JobCancelled e -> {
        d.put("reason", e.reason());
        d.put("actor", e.actor());
      }
      case JobCompleted e -> d.put("artifact", e.artifact());
      case JobFailed e -> {
        d.put("reason", e.reason());
        d.put("stepId", e.stepId() == null ? null : e.stepId().value());
      }
      case JobStepStarted e -> {
        d.put("stepId", e.stepId().value());
        d.put("role", e.role().name());
        d.put("iteration", e.iteration());
      }
      case JobStepCompleted e -> {
        d.step(e.stepId(), e.attempt());
        d.put("durationMs", e.durationMs());
      }
      case JobStepFailed e -> {
        d.step(e.stepId(), e.attempt());
        d.put("kind", e.kind().name());
        d.put("error", e.error());
        d.put("usage", usage(e.usage()));
      }
      case JobStepRetryScheduled e -> {
        d.put("stepId", e.stepId().value());
        d.put("nextAttempt", e.nextAttempt());
        d.put("notBefore", e.notBefore().toString());
      }
      case PlannerStarted e -> d.started(e.stepId(), e.attempt(), e.input());
      case CoderStarted e -> d.started(e.stepId(), e.attempt(), e.input());
      case CritiqueStarted e -> d.started(e.stepId(), e.attempt(), e.input());
      case PlannerCompleted e -> {
        d.step(e.stepId(), e.attempt());
        d.put("plan", e.plan());
        d.put("usage", usage(e.usage()));
        d.put("reusedFrom", reusedFrom(e.reusedFrom()));
      }
      case CoderCompleted e -> {
        d.step(e.stepId(), e.attempt());
        d.put("artifact", e.artifact());
        d.put("usage", usage(e.usage()));
        d.put("reusedFrom", reusedFrom(e.reusedFrom()));
      }
      case CritiqueCompleted e -> {
        d.step(e.stepId(), e.attempt());
        d.put("verdict", e.verdict().name());
        d.put("feedback", e.feedback());
        d.put("usage", usage(e.usage()));
        d.put("reusedFrom", reusedFrom(e.reusedFrom()));
      }
      case JobBudgetExceeded e -> {
        d.put("budget", e.budget().field());
        d.put("limit", e.limit());
        d.put("used", e.used());
        d.put("action", e.action().name());
      }
      case ApprovalRequested e -> {
        d.approval(e.gate(), e.stepId());
        d.put("deadline", e.deadline() == null ? null : e.deadline().toString());
      }
      case ApprovalGranted e -> {
        d.approval(e.gate(), e.stepId());
        d.put("comment", e.comment());
        d.put("actor", e.actor());
      }
      case ApprovalRejected e -> {
        d.approval(e.gate(), e.stepId());
        d.put("comment", e.comment());
        d.put("actor", e.actor());
      }
      case ApprovalTimedOut e -> {
        d.approval(e.gate(), e.stepId());
        d.put("action", e.action().name());
      }
    }
    d.put("at", event.at().toString());
    return JsonValues.object(d.values);
  }

  /**
   * Reads an event of the current schema version.
   *
   * @throws IllegalArgumentException if the type is unknown or the document is malformed
   */
  public static JobEvent read(String eventType, Map<String, ?> document) {
    var d = new Reader(document);
    Instant at = d.instant("at");
    return switch (eventType) {
      case "JobCreated" ->
          new JobCreated(
              JobId.parse(d.string("jobId")),
              d.string("name"),
              d.string("task"),
              d.object("parameters"),
              agents(d.object("agents")),
              limits(d.object("limits")),
              d.has("approval") ? approval(d.object("approval")) : ApprovalPolicy.NONE,
              d.string("createdBy"),
              d.has("replayOf") ? replayOrigin(d.object("replayOf")) : null,
              at);
      case "JobStarted" -> new JobStarted(d.string("actor"), at);
      case "JobPaused" -> new JobPaused(d.string("reason"), d.string("actor"), at);
      case "JobResumed" -> new JobResumed(d.string("actor"), at);
      case "JobCancelled" -> new JobCancelled(d.string("reason"), d.string("actor"), at);
      case "JobCompleted" -> new JobCompleted(d.string("artifact"), at);
      case "JobFailed" ->
          new JobFailed(
              d.string("reason"), d.has("stepId") ? new StepId(d.string("stepId")) : null, at);
      case "JobStepStarted" ->
          new JobStepStarted(
              d.stepId(), AgentRole.valueOf(d.string("role")), d.integer("iteration"), at);
      case "JobStepCompleted" ->
          new JobStepCompleted(d.stepId(), d.integer("attempt"), d.number("durationMs"), at);
      case "JobStepFailed" ->
          new JobStepFailed(
              d.stepId(),
              d.integer("attempt"),
              FailureKind.valueOf(d.string("kind")),
              d.string("error"),
              d.has("usage") ? usage(d.object("usage")) : null,
              at);
      case "JobStepRetryScheduled" ->
          new JobStepRetryScheduled(
              d.stepId(), d.integer("nextAttempt"), d.instant("notBefore"), at);
      case "PlannerStarted" ->
          new PlannerStarted(d.stepId(), d.integer("attempt"), input(d.object("input")), at);
      case "CoderStarted" ->
          new CoderStarted(d.stepId(), d.integer("attempt"), input(d.object("input")), at);
      case "CritiqueStarted" ->
          new CritiqueStarted(d.stepId(), d.integer("attempt"), input(d.object("input")), at);
      case "PlannerCompleted" ->
          new PlannerCompleted(
              d.stepId(), d.integer("attempt"), d.string("plan"), d.usage(), d.reusedFrom(), at);
      case "CoderCompleted" ->
          new CoderCompleted(
              d.stepId(),
              d.integer("attempt"),
              d.string("artifact"),
              d.usage(),
              d.reusedFrom(),
              at);
      case "CritiqueCompleted" ->
          new CritiqueCompleted(
              d.stepId(),
              d.integer("attempt"),
              Verdict.valueOf(d.string("verdict")),
              d.string("feedback"),
              d.usage(),
              d.reusedFrom(),
              at);
      case "JobBudgetExceeded" ->
          new JobBudgetExceeded(
              budget(d.string("budget")),
              d.decimal("limit"),
              d.decimal("used"),
              BudgetAction.valueOf(d.string("action")),
              at);
      case "ApprovalRequested" ->
          new ApprovalRequested(gate(d), d.stepId(), d.optionalInstant("deadline"), at);
      case "ApprovalGranted" ->
          new ApprovalGranted(
              gate(d), d.stepId(), d.optionalString("comment"), d.string("actor"), at);
      case "ApprovalRejected" ->
          new ApprovalRejected(gate(d), d.stepId(), d.string("comment"), d.string("actor"), at);
      case "ApprovalTimedOut" ->
          new ApprovalTimedOut(
              gate(d), d.stepId(), ApprovalTimeoutAction.valueOf(d.string("action")), at);
      default -> throw new IllegalArgumentException("unknown event type " + eventType);
    };
  }

  public static Map<String, Object> agents(AgentAssignment agents) {
    return Map.of(
        "planner", agent(agents.planner()),
        "coder", agent(agents.coder()),
        "critique", agent(agents.critique()));
  }

  private static Map<String, Object> agent(AgentSpec spec) {
    return Map.of("kind", spec.kind(), "settings", spec.settings());
  }

  /**
   * {@code {jobId, version, overrides, reuse?}}: {@code reuse} only when the replay reuses outputs,
   * so origins without it keep the shape (and hash) they had before reuse existed.
   */
  static Map<String, Object> replayOrigin(ReplayOrigin origin) {
    var d = new Document();
    d.put("jobId", origin.jobId().toString());
    d.put("version", origin.version());
    d.put("overrides", origin.overrides());
    d.put("reuse", origin.reuse() == ReuseMode.NONE ? null : origin.reuse().name());
    return JsonValues.object(d.values);
  }

  /**
   * A reused output's source {@code {jobId, version}}; null (left out) for an output the job's own
   * call produced, so completions written before reuse existed read as not reused.
   */
  static @Nullable Map<String, Object> reusedFrom(@Nullable ReusedFrom from) {
    return from == null
        ? null
        : Map.of("jobId", from.jobId().toString(), "version", from.version());
  }

  /**
   * The budgets are written only when set ({@code onBudgetExceeded} only when it is not the default
   * {@code FAIL}), so limits without budgets keep the shape they had before budgets existed.
   */
  public static Map<String, Object> limits(JobLimits limits) {
    var d = new Document();
    d.put("maxIterations", limits.maxIterations());
    d.put("maxAttempts", limits.maxAttempts());
    d.put("stepTimeoutMs", limits.stepTimeoutMs());
    d.put("backoffInitialMs", limits.backoffInitialMs());
    d.put("backoffMaxMs", limits.backoffMaxMs());
    d.put("maxTotalTokens", limits.maxTotalTokens());
    d.put("maxCostUsd", limits.maxCostUsd());
    if (limits.onBudgetExceeded() != BudgetAction.FAIL) {
      d.put("onBudgetExceeded", limits.onBudgetExceeded().name());
    }
    return JsonValues.object(d.values);
  }

  /**
   * A job's approval policy: {@code {afterPlan, beforeComplete, timeoutMs?, onTimeout}}; written
   * only for a job that has one, so a job without keeps the shape it had before approvals existed.
   */
  public static Map<String, Object> approval(ApprovalPolicy policy) {
    var d = new Document();
    d.put("afterPlan", policy.afterPlan());
    d.put("beforeComplete", policy.beforeComplete());
    d.put("timeoutMs", policy.timeoutMs());
    d.put("onTimeout", policy.onTimeout().name());
    return JsonValues.object(d.values);
  }

  static ApprovalPolicy approval(Map<String, Object> document) {
    var d = new Reader(document);
    return new ApprovalPolicy(
        d.bool("afterPlan"),
        d.bool("beforeComplete"),
        d.has("timeoutMs") ? d.number("timeoutMs") : null,
        ApprovalTimeoutAction.valueOf(d.string("onTimeout")));
  }

  private static ApprovalGate gate(Reader d) {
    return ApprovalGate.valueOf(d.string("gate"));
  }

  /**
   * An agent call's usage: {@code {model?, parameters, tokens?: {prompt, completion, total},
   * latencyMs, costUsd?}}; null (left out of the event) when there is none.
   */
  public static @Nullable Map<String, Object> usage(@Nullable AgentUsage usage) {
    if (usage == null) {
      return null;
    }
    var d = new Document();
    d.put("model", usage.model());
    d.put("parameters", usage.parameters());
    AgentUsage.Tokens tokens = usage.tokens();
    if (tokens != null) {
      d.put(
          "tokens",
          Map.of(
              "prompt", tokens.prompt(),
              "completion", tokens.completion(),
              "total", tokens.total()));
    }
    d.put("latencyMs", usage.latencyMs());
    d.put("costUsd", usage.costUsd());
    return JsonValues.object(d.values);
  }

  static AgentUsage usage(Map<String, Object> document) {
    var d = new Reader(document);
    AgentUsage.Tokens tokens = null;
    if (d.has("tokens")) {
      var t = new Reader(d.object("tokens"));
      tokens = new AgentUsage.Tokens(t.number("prompt"), t.number("completion"), t.number("total"));
    }
    return new AgentUsage(
        d.optionalString("model"),
        d.object("parameters"),
        tokens,
        d.number("latencyMs"),
        d.has("costUsd") ? d.decimal("costUsd") : null);
  }

  private static Budget budget(String field) {
    for (Budget budget : Budget.values()) {
      if (budget.field().equals(field)) {
        return budget;
      }
    }
    throw new IllegalArgumentException("unknown budget " + field);
  }

  public static Map<String, Object> input(AgentInput input) {
    var d = new Document();
    d.put("task", input.task());
    d.put("parameters", input.parameters());
    d.put("plan", input.plan());
    d.put("artifact", input.artifact());
    d.put("feedback", input.feedback());
    d.put("iteration", input.iteration());
    return JsonValues.object(d.values);
  }

  static AgentAssignment agents(Map<String, Object> document) {
    var d = new Reader(document);
    return new AgentAssignment(
        agent(d.object("planner")), agent(d.object("coder")), agent(d.object("critique")));
  }

  private static AgentSpec agent(Map<String, Object> document) {
    var d = new Reader(document);
    return new AgentSpec(d.string("kind"), d.object("settings"));
  }

  static JobLimits limits(Map<String, Object> document) {
    var d = new Reader(document);
    return new JobLimits(
        d.integer("maxIterations"),
        d.integer("maxAttempts"),
        d.number("stepTimeoutMs"),
        d.number("backoffInitialMs"),
        d.number("backoffMaxMs"),
        d.has("maxTotalTokens") ? d.number("maxTotalTokens") : null,
        d.has("maxCostUsd") ? d.decimal("maxCostUsd") : null,
        d.has("onBudgetExceeded")
            ? BudgetAction.valueOf(d.string("onBudgetExceeded"))
            : BudgetAction.FAIL);
  }

  static ReplayOrigin replayOrigin(Map<String, Object> document) {
    var d = new Reader(document);
    return new ReplayOrigin(
        JobId.parse(d.string("jobId")),
        d.number("version"),
        d.object("overrides"),
        d.has("reuse") ? ReuseMode.valueOf(d.string("reuse")) : ReuseMode.NONE);
  }

  static AgentInput input(Map<String, Object> document) {
    var d = new Reader(document);
    return new AgentInput(
        d.string("task"),
        d.object("parameters"),
        d.optionalString("plan"),
        d.optionalString("artifact"),
        d.optionalString("feedback"),
        d.integer("iteration"));
  }

  /** A document being written: members put as null are left out. */
  static final class Document {
    final Map<String, @Nullable Object> values = new LinkedHashMap<>();

    void put(String key, @Nullable Object value) {
      values.put(key, value);
    }

    void step(StepId stepId, int attempt) {
      put("stepId", stepId.value());
      put("attempt", attempt);
    }

    void started(StepId stepId, int attempt, AgentInput input) {
      step(stepId, attempt);
      put("input", input(input));
    }

    void approval(ApprovalGate gate, StepId stepId) {
      put("gate", gate.name());
      put("stepId", stepId.value());
    }
  }

  /** Reads a document's members, with a message that names the member when one is wrong. */
  record Reader(Map<String, ?> document) {

    boolean has(String key) {
      return document.get(key) != null;
    }

    private Object required(String key) {
      Object value = document.get(key);
      if (value == null) {
        throw new IllegalArgumentException("missing field " + key);
      }
      return value;
    }

    String string(String key) {
      if (required(key) instanceof String s) {
        return s;
      }
      throw new IllegalArgumentException("field " + key + " is not a string");
    }

    @Nullable String optionalString(String key) {
      return has(key) ? string(key) : null;
    }

    @Nullable Instant optionalInstant(String key) {
      return has(key) ? instant(key) : null;
    }

    boolean bool(String key) {
      if (required(key) instanceof Boolean b) {
        return b;
      }
      throw new IllegalArgumentException("field " + key + " is not a boolean");
    }

    double decimal(String key) {
      if (required(key) instanceof Number n) {
        return n.doubleValue();
      }
      throw new IllegalArgumentException("field " + key + " is not a number");
    }

    List<?> list(String key) {
      if (required(key) instanceof List<?> list) {
        return list;
      }
      throw new IllegalArgumentException("field " + key + " is not a list");
    }

    long number(String key) {
      if (required(key) instanceof Number n) {
        return n.longValue();
      }
      throw new IllegalArgumentException("field " + key + " is not a number");
    }

    int integer(String key) {
      return Math.toIntExact(number(key));
    }

    Instant instant(String key) {
      return Instant.parse(string(key));
    }

    StepId stepId() {
      return new StepId(string("stepId"));
    }

    /** Where the event's output was reused from; null for the job's own call (and old events). */
    @Nullable ReusedFrom reusedFrom() {
      if (!has("reusedFrom")) {
        return null;
      }
      var from = new Reader(object("reusedFrom"));
      return new ReusedFrom(JobId.parse(from.string("jobId")), from.number("version"));
    }

    /** The event's usage; null in events written before usage was recorded. */
    @Nullable AgentUsage usage() {
      return has("usage") ? EventDocuments.usage(object("usage")) : null;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object(String key) {
      if (required(key) instanceof Map<?, ?> m) {
        return JsonValues.object((Map<String, ?>) m);
      }
      throw new IllegalArgumentException("field " + key + " is not an object");
    }
  }
}
