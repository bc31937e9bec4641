package io.jobtrail.application.view;

import io.jobtrail.domain.job.ApprovalPolicy;
import io.jobtrail.domain.job.BudgetAction;
import io.jobtrail.domain.job.JobUsage;
import io.jobtrail.domain.job.ReuseMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job as the API and the console show it, at {@code version}: what was asked (name, task,
 * parameters, agents, limits), where it stands, each step with every attempt, and the totals of its
 * agent calls ({@code usage}), where it waits for approvals ({@code approval}) and every approval
 * it asked for ({@code approvals}, oldest first). Built by {@link JobViewFold} from the job's
 * recorded events; the decision state ({@code JobState}) is not exposed.
 */
public record JobView(
    String id,
    String name,
    String task,
    Map<String, Object> parameters,
    Agents agents,
    Limits limits,
    String createdBy,
    @Nullable Origin replayOf,
    Status status,
    long version,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable String currentStep,
    double progress,
    @Nullable String plan,
    int iteration,
    @Nullable String artifact,
    @Nullable String lastFeedback,
    @Nullable String failureReason,
    @Nullable String pauseReason,
    @Nullable String cancelReason,
    List<StepView> steps,
    List<Pause> pauses,
    JobUsage usage,
    ApprovalPolicy approval,
    List<Approval> approvals) {

  /**
   * The job's status as shown: the domain's, except that a started job whose first step has not
   * begun is {@code QUEUED} (it waits for an orchestrator instance), not {@code RUNNING}.
   */
  public enum Status {
    PENDING,
    QUEUED,
    RUNNING,
    PAUSED,
    AWAITING_APPROVAL,
    COMPLETED,
    FAILED,
    CANCELLED
  }

  public record Agents(Agent planner, Agent coder, Agent critique) {}

  public record Agent(String kind, Map<String, Object> settings) {}

  public record Limits(
      int maxIterations,
      int maxAttempts,
      long stepTimeoutMs,
      long backoffInitialMs,
      long backoffMaxMs,
      @Nullable Long maxTotalTokens,
      @Nullable Double maxCostUsd,
      BudgetAction onBudgetExceeded) {}

  /**
   * The job and version a replay was forked from, the parameter overrides it applied, and whether
   * it reuses the original's outputs where a step's input is unchanged.
   */
  public record Origin(
      String jobId, long version, Map<String, Object> overrides, ReuseMode reuse) {}

  /** The steps whose output this job reused from its original (ADR 62), in order. */
  public List<String> reusedSteps() {
    return steps.stream()
        .filter(step -> step.attempts().stream().anyMatch(a -> a.reusedFrom() != null))
        .map(StepView::id)
        .toList();
  }

  /**
   * What the outputs this job reused would have cost had they been called again: the totals of the
   * original calls whose output it recorded instead ({@code usage} does not count them).
   */
  public JobUsage reused() {
    JobUsage saved = JobUsage.NONE;
    for (StepView step : steps) {
      for (AttemptView attempt : step.attempts()) {
        if (attempt.reusedFrom() != null && attempt.usage() != null) {
          saved = saved.plus(attempt.usage());
        }
      }
    }
    return saved;
  }

  /** A time the job was paused: by whom, why, until when (null while it still is). */
  public record Pause(Instant startedAt, @Nullable Instant endedAt, String reason, String userId) {}

  /**
   * An approval the job asked for: at which gate, of which step's result, what is to be approved
   * ({@code subject}: the plan, or the final artifact), until when, and the decision: who, when,
   * with which comment ({@code timedOut} when the policy's timeout decided). {@code copied} when
   * the request is a copy of the original's in a replay.
   */
  public record Approval(
      String gate,
      String stepId,
      String subject,
      Instant requestedAt,
      String requestedBy,
      @Nullable Instant deadline,
      ApprovalStatus status,
      @Nullable String decidedBy,
      @Nullable String comment,
      @Nullable Instant decidedAt,
      boolean timedOut,
      boolean copied) {}

  /** Where an approval stands; {@code CLOSED}: the job ended without a decision. */
  public enum ApprovalStatus {
    PENDING,
    APPROVED,
    REJECTED,
    CLOSED
  }

  public JobView {
    parameters = Map.copyOf(parameters);
    steps = List.copyOf(steps);
    pauses = List.copyOf(pauses);
    approvals = List.copyOf(approvals);
  }

  /** The approval the job waits for now, if any. */
  public @Nullable Approval pendingApproval() {
    Approval last = approvals.isEmpty() ? null : approvals.getLast();
    return last != null && last.status() == ApprovalStatus.PENDING ? last : null;
  }

  /** Wall time from creation to the end; null while the job has not ended. */
  public @Nullable Long durationMs() {
    return endedAt == null ? null : Duration.between(createdAt, endedAt).toMillis();
  }
}
