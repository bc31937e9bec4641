package io.jobtrail.domain.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What can be asked of a job, in the imperative. Each command carries the time it is decided at
 * and, where a person or component asks, who asks.
 */
public sealed interface JobCommand {

  Instant now();

  record CreateJob(
      JobId jobId,
      String name,
      String task,
      Map<String, Object> parameters,
      AgentAssignment agents,
      JobLimits limits,
      ApprovalPolicy approval,
      String createdBy,
      @Nullable ReplayOrigin replayOf,
      Instant now)
      implements JobCommand {
    /** A job that never waits for an approval. */
    public CreateJob(
        JobId jobId,
        String name,
        String task,
        Map<String, Object> parameters,
        AgentAssignment agents,
        JobLimits limits,
        String createdBy,
        @Nullable ReplayOrigin replayOf,
        Instant now) {
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
          now);
    }
  }

  record StartJob(String actor, Instant now) implements JobCommand {}

  record PauseJob(@Nullable String reason, String actor, Instant now) implements JobCommand {}

  record ResumeJob(String actor, Instant now) implements JobCommand {}

  record CancelJob(@Nullable String reason, String actor, Instant now) implements JobCommand {}

  /**
   * Asks for the approval the job's policy requires now (after the plan, or before completing), or,
   * for a job already waiting, asks again with a new deadline (a fork of a waiting job does).
   */
  record RequestApproval(Instant now) implements JobCommand {}

  /** An operator approves what the job waits for; the comment is optional. */
  record ApproveJob(@Nullable String comment, String actor, Instant now) implements JobCommand {}

  /** An operator rejects what the job waits for; the comment goes back as feedback. */
  record RejectJob(String comment, String actor, Instant now) implements JobCommand {}

  /** Nobody decided within the approval's timeout: the policy's {@code onTimeout} decides. */
  record TimeOutApproval(Instant now) implements JobCommand {}

  /** Begins the next step of the pipeline, or the next attempt of a step whose retry is due. */
  record StartNextStep(Instant now) implements JobCommand {}

  /**
   * Records the result of the running attempt, and what the call used when it is known. With {@code
   * reusedFrom}, no call was made: the result and usage are those recorded there (a replay reusing
   * an unchanged step), and the usage is not charged to the job's totals or budgets.
   */
  record CompleteAttempt(
      StepId stepId,
      int attempt,
      AgentResult result,
      @Nullable AgentUsage usage,
      @Nullable ReusedFrom reusedFrom,
      Instant now)
      implements JobCommand {
    public CompleteAttempt(
        StepId stepId, int attempt, AgentResult result, @Nullable AgentUsage usage, Instant now) {
      this(stepId, attempt, result, usage, null, now);
    }

    public CompleteAttempt(StepId stepId, int attempt, AgentResult result, Instant now) {
      this(stepId, attempt, result, null, null, now);
    }
  }

  /**
   * Records the failure of the running attempt. {@code retryDelay} is the (jittered) wait before
   * the next attempt, used when one is allowed; {@code usage} what the failed call used, if known.
   */
  record FailAttempt(
      StepId stepId,
      int attempt,
      FailureKind kind,
      String error,
      Duration retryDelay,
      @Nullable AgentUsage usage,
      Instant now)
      implements JobCommand {
    public FailAttempt(
        StepId stepId,
        int attempt,
        FailureKind kind,
        String error,
        Duration retryDelay,
        Instant now) {
      this(stepId, attempt, kind, error, retryDelay, null, now);
    }
  }
}
