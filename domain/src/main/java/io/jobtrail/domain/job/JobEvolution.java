package io.jobtrail.domain.job;

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
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code evolve(state, event) → state} and {@code replay(events) → state}: pure folds. */
public final class JobEvolution {

  private JobEvolution() {}

  /** The state of a job after its whole history; null for an empty history. */
  public static @Nullable JobState replay(List<? extends JobEvent> events) {
    return replay(null, events);
  }

  /** The state after folding {@code events} onto {@code state} (a snapshot, or null). */
  public static @Nullable JobState replay(
      @Nullable JobState state, List<? extends JobEvent> events) {
    JobState current = state;
    for (JobEvent event : events) {
      current = evolve(current, event);
    }
    return current;
  }

  /**
   * Applies one event. Every event advances the version by one. An event that names a step the job
   * does not have changes nothing else (such a history cannot be produced by {@link JobDecider},
   * but the fold stays total).
   *
   * @throws IllegalStateException if the history does not begin with {@code JobCreated}
   */
  public static JobState evolve(@Nullable JobState state, JobEvent event) {
    if (event instanceof JobCreated created) {
      if (state != null) {
        throw new IllegalStateException("JobCreated after version " + state.version());
      }
      return created(created);
    }
    if (state == null) {
      throw new IllegalStateException(
          "a job's history begins with JobCreated, not " + event.eventType());
    }
    var next = new JobStateChange(state, event.at());
    switch (event) {
      case JobCreated created -> throw new IllegalStateException("unreachable");
      case JobStarted started -> {
        next.status = JobStatus.RUNNING;
        next.startedAt = started.at();
      }
      case JobPaused paused -> {
        next.status = JobStatus.PAUSED;
        next.pauseReason = paused.reason();
        // A pause stops the approval's clock; resuming starts it again.
        next.updatePendingApproval(approval -> approval.withDeadline(null));
      }
      case JobResumed resumed -> {
        next.pauseReason = null;
        if (next.pendingApproval() != null) {
          next.status = JobStatus.AWAITING_APPROVAL;
          Instant deadline = deadline(next.approvalPolicy(), resumed.at());
          next.updatePendingApproval(approval -> approval.withDeadline(deadline));
        } else {
          next.status = JobStatus.RUNNING;
        }
      }
      case JobCancelled cancelled -> {
        next.status = JobStatus.CANCELLED;
        next.cancelReason = cancelled.reason();
        next.endedAt = cancelled.at();
        // A retry that will never run ends with the job, keeping the error that caused it.
        StepState last = next.steps.isEmpty() ? null : next.steps.getLast();
        if (last != null && last.status() == StepStatus.RETRY_SCHEDULED) {
          String error = last.error() == null ? "cancelled" : last.error();
          next.updateStep(
              last.id(), step -> step.failed(FailureKind.INTERRUPTED, error, cancelled.at()));
        }
      }
      case JobCompleted completed -> {
        next.status = JobStatus.COMPLETED;
        next.artifact = completed.artifact();
        next.endedAt = completed.at();
      }
      case JobFailed failed -> {
        next.status = JobStatus.FAILED;
        next.failureReason = failed.reason();
        next.endedAt = failed.at();
      }
      case JobStepStarted stepStarted -> {
        next.steps.add(
            StepState.started(
                stepStarted.stepId(),
                stepStarted.role(),
                stepStarted.iteration(),
                stepStarted.at()));
        next.currentStep = stepStarted.stepId();
        if (stepStarted.role() != AgentRole.PLANNER) {
          // The planner's iteration counts rejected plans, not critique rounds.
          next.iteration = Math.max(next.iteration, stepStarted.iteration());
        }
      }
      case PlannerStarted s -> attemptStarted(next, s.stepId(), s.attempt(), s.input());
      case CoderStarted s -> attemptStarted(next, s.stepId(), s.attempt(), s.input());
      case CritiqueStarted s -> attemptStarted(next, s.stepId(), s.attempt(), s.input());
      case PlannerCompleted c -> {
        next.updateStep(c.stepId(), step -> step.withOutput(new AgentResult.Plan(c.plan())));
        next.plan = c.plan();
        next.usedUnlessReused(c.usage(), c.reusedFrom());
      }
      case CoderCompleted c -> {
        next.updateStep(
            c.stepId(), step -> step.withOutput(new AgentResult.Artifact(c.artifact())));
        next.artifact = c.artifact();
        next.usedUnlessReused(c.usage(), c.reusedFrom());
      }
      case CritiqueCompleted c -> {
        next.updateStep(
            c.stepId(), step -> step.withOutput(new AgentResult.Review(c.verdict(), c.feedback())));
        next.lastFeedback = c.feedback();
        next.usedUnlessReused(c.usage(), c.reusedFrom());
      }
      case JobStepCompleted c -> next.updateStep(c.stepId(), step -> step.succeeded(c.at()));
      case JobStepFailed f -> {
        next.updateStep(f.stepId(), step -> step.failed(f.kind(), f.error(), f.at()));
        next.used(f.usage());
      }
      case JobBudgetExceeded b -> {
        // Recorded for the audit; the JobFailed or JobPaused that follows changes the status.
      }
      case JobStepRetryScheduled r ->
          next.updateStep(r.stepId(), step -> step.retryScheduled(r.notBefore()));
      case ApprovalRequested requested -> {
        next.status = JobStatus.AWAITING_APPROVAL;
        ApprovalState pending = next.pendingApproval();
        var asked =
            new ApprovalState(
                requested.gate(), requested.stepId(), requested.at(), requested.deadline(), null);
        if (pending != null && pending.stepId().equals(requested.stepId())) {
          next.approvals.set(next.approvals.size() - 1, asked); // Asked again.
        } else {
          next.approvals.add(asked);
        }
      }
      case ApprovalGranted granted -> {
        next.status = JobStatus.RUNNING;
        next.updatePendingApproval(
            approval ->
                approval.decided(
                    new ApprovalState.Decision(
                        true, granted.actor(), granted.comment(), granted.at())));
      }
      case ApprovalRejected rejected -> {
        next.status = JobStatus.RUNNING;
        next.lastFeedback = rejected.comment();
        next.updatePendingApproval(
            approval ->
                approval.decided(
                    new ApprovalState.Decision(
                        false, rejected.actor(), rejected.comment(), rejected.at())));
      }
      case ApprovalTimedOut timedOut -> {
        // Recorded for the audit; the decision that follows changes the state.
      }
    }
    return next.build();
  }

  /** When an approval asked for (or resumed) at {@code from} times out under {@code policy}. */
  static @Nullable Instant deadline(ApprovalPolicy policy, Instant from) {
    Long timeoutMs = policy.timeoutMs();
    return timeoutMs == null ? null : from.plusMillis(timeoutMs);
  }

  private static void attemptStarted(
      JobStateChange next, StepId stepId, int attempt, AgentInput input) {
    next.updateStep(stepId, step -> step.withAttemptStarted(attempt, input));
    next.currentStep = stepId;
  }

  private static JobState created(JobCreated e) {
    return new JobState(
        e.jobId(),
        e.name(),
        e.task(),
        e.parameters(),
        e.agents(),
        e.limits(),
        e.createdBy(),
        e.replayOf(),
        JobStatus.PENDING,
        1,
        e.at(),
        e.at(),
        null,
        null,
        null,
        0.0,
        null,
        0,
        null,
        null,
        null,
        null,
        null,
        List.of(),
        JobUsage.NONE,
        e.approval(),
        List.of());
  }
}
