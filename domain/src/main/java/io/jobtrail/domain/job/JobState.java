package io.jobtrail.domain.job;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job as the fold of its events: everything the API and the console show. {@code version} is the
 * number of events folded (the sequence of the last one); {@code usage} the totals of its agent
 * calls; {@code approval} where it waits for an operator, and {@code approvals} every approval it
 * asked for, oldest first.
 */
public record JobState(
    JobId id,
    String name,
    String task,
    Map<String, Object> parameters,
    AgentAssignment agents,
    JobLimits limits,
    String createdBy,
    @Nullable ReplayOrigin replayOf,
    JobStatus status,
    long version,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable StepId currentStep,
    double progress,
    @Nullable String plan,
    int iteration,
    @Nullable String artifact,
    @Nullable String lastFeedback,
    @Nullable String failureReason,
    @Nullable String pauseReason,
    @Nullable String cancelReason,
    List<StepState> steps,
    JobUsage usage,
    ApprovalPolicy approval,
    List<ApprovalState> approvals) {

  public JobState {
    parameters = JsonValues.object(parameters);
    steps = List.copyOf(steps);
    java.util.Objects.requireNonNull(usage, "usage");
    java.util.Objects.requireNonNull(approval, "approval");
    approvals = List.copyOf(approvals);
  }

  /** The approval the job waits for (also while paused or after a cancel), if any. */
  public @Nullable ApprovalState pendingApproval() {
    ApprovalState last = approvals.isEmpty() ? null : approvals.getLast();
    return last != null && last.pending() ? last : null;
  }

  /** The latest approval asked for the result of {@code stepId}, if any. */
  public @Nullable ApprovalState approvalOf(StepId stepId) {
    for (int i = approvals.size() - 1; i >= 0; i--) {
      if (approvals.get(i).stepId().equals(stepId)) {
        return approvals.get(i);
      }
    }
    return null;
  }

  /** When the approval the job waits for times out; null without a timeout, or while paused. */
  public @Nullable Instant approvalDeadline() {
    ApprovalState pending = pendingApproval();
    return status == JobStatus.AWAITING_APPROVAL && pending != null ? pending.deadline() : null;
  }

  public @Nullable StepState step(StepId stepId) {
    for (StepState step : steps) {
      if (step.id().equals(stepId)) {
        return step;
      }
    }
    return null;
  }

  public @Nullable StepState lastStep() {
    return steps.isEmpty() ? null : steps.getLast();
  }

  /** The step whose attempt is running, if any. */
  public @Nullable StepState inFlightStep() {
    StepState last = lastStep();
    return last != null && last.attemptInFlight() ? last : null;
  }

  /**
   * When the orchestrator may run the next attempt (or ask for the approval that comes first): now,
   * at a retry time, or never (null).
   */
  public @Nullable Instant nextAttemptDueAt() {
    if (status != JobStatus.RUNNING || inFlightStep() != null) {
      return null;
    }
    if (Pipeline.approvalDue(this) != null) {
      return updatedAt;
    }
    StepState last = lastStep();
    if (last != null && last.status() == StepStatus.RETRY_SCHEDULED) {
      return last.retryAt();
    }
    return Pipeline.nextStep(this) == null ? null : updatedAt;
  }
}
