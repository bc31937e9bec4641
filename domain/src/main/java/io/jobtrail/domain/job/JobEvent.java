package io.jobtrail.domain.job;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything that can happen to a job, in the past tense. The record name is the stored {@code
 * eventType}; each event carries the time the command that caused it was decided.
 */
public sealed interface JobEvent {

  Instant at();

  default String eventType() {
    return getClass().getSimpleName();
  }

  // The job's lifecycle.

  record JobCreated(
      JobId jobId,
      String name,
      String task,
      Map<String, Object> parameters,
      AgentAssignment agents,
      JobLimits limits,
      ApprovalPolicy approval,
      String createdBy,
      @Nullable ReplayOrigin replayOf,
      Instant at)
      implements JobEvent {
    public JobCreated {
      parameters = JsonValues.object(parameters);
    }

    /** A job that never waits for an approval (as every job created before approvals existed). */
    public JobCreated(
        JobId jobId,
        String name,
        String task,
        Map<String, Object> parameters,
        AgentAssignment agents,
        JobLimits limits,
        String createdBy,
        @Nullable ReplayOrigin replayOf,
        Instant at) {
      this(
          jobId,
          name,
          task,
          parameters,
          agents,
          limits,
          ApprovalPolicy.NONE,
          createdBy,
          replayOf,
          at);
    }
  }

  record JobStarted(String actor, Instant at) implements JobEvent {}

  record JobPaused(String reason, String actor, Instant at) implements JobEvent {}

  record JobResumed(String actor, Instant at) implements JobEvent {}

  record JobCancelled(String reason, String actor, Instant at) implements JobEvent {}

  record JobCompleted(String artifact, Instant at) implements JobEvent {}

  record JobFailed(String reason, @Nullable StepId stepId, Instant at) implements JobEvent {}

  // Steps: a step starts once, runs one or more attempts, and completes or fails.

  record JobStepStarted(StepId stepId, AgentRole role, int iteration, Instant at)
      implements JobEvent {}

  record JobStepCompleted(StepId stepId, int attempt, long durationMs, Instant at)
      implements JobEvent {}

  /** {@code usage} when the failed call's usage is known (events written before it: null). */
  record JobStepFailed(
      StepId stepId,
      int attempt,
      FailureKind kind,
      String error,
      @Nullable AgentUsage usage,
      Instant at)
      implements JobEvent {
    public JobStepFailed(StepId stepId, int attempt, FailureKind kind, String error, Instant at) {
      this(stepId, attempt, kind, error, null, at);
    }
  }

  record JobStepRetryScheduled(StepId stepId, int nextAttempt, Instant notBefore, Instant at)
      implements JobEvent {}

  // Agent calls: one Started per attempt, one Completed per successful attempt. A Completed (and a
  // JobStepFailed) carries the call's usage where it is known; events written before usage was
  // recorded have none (null).
  // A Completed with {@code reusedFrom} made no call: a replay took the output (and the usage) its
  // original recorded there for the same input, and the usage does not count as the job's spend.

  record PlannerStarted(StepId stepId, int attempt, AgentInput input, Instant at)
      implements JobEvent {}

  record PlannerCompleted(
      StepId stepId,
      int attempt,
      String plan,
      @Nullable AgentUsage usage,
      @Nullable ReusedFrom reusedFrom,
      Instant at)
      implements JobEvent {
    public PlannerCompleted(
        StepId stepId, int attempt, String plan, @Nullable AgentUsage usage, Instant at) {
      this(stepId, attempt, plan, usage, null, at);
    }

    public PlannerCompleted(StepId stepId, int attempt, String plan, Instant at) {
      this(stepId, attempt, plan, null, null, at);
    }
  }

  record CoderStarted(StepId stepId, int attempt, AgentInput input, Instant at)
      implements JobEvent {}

  record CoderCompleted(
      StepId stepId,
      int attempt,
      String artifact,
      @Nullable AgentUsage usage,
      @Nullable ReusedFrom reusedFrom,
      Instant at)
      implements JobEvent {
    public CoderCompleted(
        StepId stepId, int attempt, String artifact, @Nullable AgentUsage usage, Instant at) {
      this(stepId, attempt, artifact, usage, null, at);
    }

    public CoderCompleted(StepId stepId, int attempt, String artifact, Instant at) {
      this(stepId, attempt, artifact, null, null, at);
    }
  }

  record CritiqueStarted(StepId stepId, int attempt, AgentInput input, Instant at)
      implements JobEvent {}

  record CritiqueCompleted(
      StepId stepId,
      int attempt,
      Verdict verdict,
      String feedback,
      @Nullable AgentUsage usage,
      @Nullable ReusedFrom reusedFrom,
      Instant at)
      implements JobEvent {
    public CritiqueCompleted(
        StepId stepId,
        int attempt,
        Verdict verdict,
        String feedback,
        @Nullable AgentUsage usage,
        Instant at) {
      this(stepId, attempt, verdict, feedback, usage, null, at);
    }

    public CritiqueCompleted(
        StepId stepId, int attempt, Verdict verdict, String feedback, Instant at) {
      this(stepId, attempt, verdict, feedback, null, null, at);
    }
  }

  // Budgets: an attempt took the job over one; a JobFailed or JobPaused follows.

  /**
   * The job's totals passed {@code budget}: {@code used} against {@code limit} (tokens or USD), and
   * what the job does about it.
   */
  record JobBudgetExceeded(
      Budget budget, double limit, double used, BudgetAction action, Instant at)
      implements JobEvent {
    public String reason() {
      return budget.describe(limit, used);
    }
  }

  // Approvals: the job waits at a gate of its policy for the result of {@code stepId} (the plan, or
  // the artifact its critique approved) until an operator decides, or the timeout does.

  /** The job waits for a decision on {@code stepId}'s result; due by {@code deadline} if set. */
  record ApprovalRequested(ApprovalGate gate, StepId stepId, @Nullable Instant deadline, Instant at)
      implements JobEvent {}

  record ApprovalGranted(
      ApprovalGate gate, StepId stepId, @Nullable String comment, String actor, Instant at)
      implements JobEvent {}

  /** The comment goes back as feedback: to the planner, or to the coder's next iteration. */
  record ApprovalRejected(
      ApprovalGate gate, StepId stepId, String comment, String actor, Instant at)
      implements JobEvent {}

  /**
   * Nobody decided before the deadline; recorded by the system for the audit, then {@code action}
   * follows as an {@link ApprovalGranted}, an {@link ApprovalRejected} or a {@link JobFailed}.
   */
  record ApprovalTimedOut(
      ApprovalGate gate, StepId stepId, ApprovalTimeoutAction action, Instant at)
      implements JobEvent {}
}
