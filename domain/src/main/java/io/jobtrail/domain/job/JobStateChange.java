package io.jobtrail.domain.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/** A mutable copy of a {@link JobState} used inside {@link JobEvolution} to apply one event. */
final class JobStateChange {

  JobStatus status;
  Instant updatedAt;
  @Nullable Instant startedAt;
  @Nullable Instant endedAt;
  @Nullable StepId currentStep;
  @Nullable String plan;
  int iteration;
  @Nullable String artifact;
  @Nullable String lastFeedback;
  @Nullable String failureReason;
  @Nullable String pauseReason;
  @Nullable String cancelReason;
  final List<StepState> steps;
  JobUsage usage;
  final List<ApprovalState> approvals;
  private final JobState base;

  JobStateChange(JobState base, Instant at) {
    this.base = base;
    this.status = base.status();
    this.updatedAt = at;
    this.startedAt = base.startedAt();
    this.endedAt = base.endedAt();
    this.currentStep = base.currentStep();
    this.plan = base.plan();
    this.iteration = base.iteration();
    this.artifact = base.artifact();
    this.lastFeedback = base.lastFeedback();
    this.failureReason = base.failureReason();
    this.pauseReason = base.pauseReason();
    this.cancelReason = base.cancelReason();
    this.steps = new ArrayList<>(base.steps());
    this.usage = base.usage();
    this.approvals = new ArrayList<>(base.approvals());
  }

  /** The approval still waiting for a decision, if any. */
  @Nullable ApprovalState pendingApproval() {
    ApprovalState last = approvals.isEmpty() ? null : approvals.getLast();
    return last != null && last.pending() ? last : null;
  }

  void updatePendingApproval(UnaryOperator<ApprovalState> change) {
    if (pendingApproval() != null) {
      approvals.set(approvals.size() - 1, change.apply(approvals.getLast()));
    }
  }

  ApprovalPolicy approvalPolicy() {
    return base.approval();
  }

  void used(@Nullable AgentUsage call) {
    if (call != null) {
      usage = usage.plus(call);
    }
  }

  /** A reused output's usage was the original's call: it is not this job's spend. */
  void usedUnlessReused(@Nullable AgentUsage call, @Nullable ReusedFrom reusedFrom) {
    if (reusedFrom == null) {
      used(call);
    }
  }

  void updateStep(StepId stepId, UnaryOperator<StepState> change) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i).id().equals(stepId)) {
        steps.set(i, change.apply(steps.get(i)));
        return;
      }
    }
  }

  JobState build() {
    return build(Pipeline.progress(status, steps, base.limits(), base.approval()));
  }

  private JobState build(double progress) {
    return new JobState(
        base.id(),
        base.name(),
        base.task(),
        base.parameters(),
        base.agents(),
        base.limits(),
        base.createdBy(),
        base.replayOf(),
        status,
        base.version() + 1,
        base.createdAt(),
        updatedAt,
        startedAt,
        endedAt,
        currentStep,
        progress,
        plan,
        iteration,
        artifact,
        lastFeedback,
        failureReason,
        pauseReason,
        cancelReason,
        steps,
        usage,
        base.approval(),
        approvals);
  }
}
