package io.jobtrail.domain.job;

import static io.jobtrail.domain.job.RejectionReason.ALREADY_PAUSED;
import static io.jobtrail.domain.job.RejectionReason.ALREADY_STARTED;
import static io.jobtrail.domain.job.RejectionReason.APPROVAL_NOT_DUE;
import static io.jobtrail.domain.job.RejectionReason.APPROVAL_REQUIRED;
import static io.jobtrail.domain.job.RejectionReason.INVALID_INPUT;
import static io.jobtrail.domain.job.RejectionReason.JOB_ALREADY_EXISTS;
import static io.jobtrail.domain.job.RejectionReason.JOB_FINISHED;
import static io.jobtrail.domain.job.RejectionReason.JOB_NOT_FOUND;
import static io.jobtrail.domain.job.RejectionReason.NOTHING_TO_RUN;
import static io.jobtrail.domain.job.RejectionReason.NOT_AWAITING_APPROVAL;
import static io.jobtrail.domain.job.RejectionReason.NOT_PAUSED;
import static io.jobtrail.domain.job.RejectionReason.NOT_STARTED;
import static io.jobtrail.domain.job.RejectionReason.NO_APPROVAL_DUE;
import static io.jobtrail.domain.job.RejectionReason.NO_STEP_IN_FLIGHT;
import static io.jobtrail.domain.job.RejectionReason.RETRY_NOT_DUE;
import static io.jobtrail.domain.job.RejectionReason.STALE_ATTEMPT;
import static io.jobtrail.domain.job.RejectionReason.STEP_IN_FLIGHT;
import static io.jobtrail.domain.job.RejectionReason.UNKNOWN_STEP;
import static io.jobtrail.domain.job.RejectionReason.WRONG_RESULT_FOR_ROLE;

import io.jobtrail.domain.job.JobCommand.ApproveJob;
import io.jobtrail.domain.job.JobCommand.CancelJob;
import io.jobtrail.domain.job.JobCommand.CompleteAttempt;
import io.jobtrail.domain.job.JobCommand.CreateJob;
import io.jobtrail.domain.job.JobCommand.FailAttempt;
import io.jobtrail.domain.job.JobCommand.PauseJob;
import io.jobtrail.domain.job.JobCommand.RejectJob;
import io.jobtrail.domain.job.JobCommand.RequestApproval;
import io.jobtrail.domain.job.JobCommand.ResumeJob;
import io.jobtrail.domain.job.JobCommand.StartJob;
import io.jobtrail.domain.job.JobCommand.StartNextStep;
import io.jobtrail.domain.job.JobCommand.TimeOutApproval;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code decide(command, state) → events}: what a command means for a job in a given state, or a
 * {@link JobRejected} that says why it does not fit. Pure: the time comes with the command.
 */
public final class JobDecider {

  static final int MAX_NAME_LENGTH = 200;
  static final int MAX_TASK_LENGTH = 100_000;
  static final int MAX_REASON_LENGTH = 2_000;

  /** The actor of a pause the domain decides when a job goes over budget. */
  public static final String BUDGET_ACTOR = "budget";

  /** The actor of an approval decision that an approval's timeout made. */
  public static final String APPROVAL_TIMEOUT_ACTOR = "approval-timeout";

  static final int MAX_COMMENT_LENGTH = 8_000;

  private JobDecider() {}

  public static List<JobEvent> decide(JobCommand command, @Nullable JobState state) {
    if (command instanceof CreateJob create) {
      return create(create, state);
    }
    if (state == null) {
      throw new JobRejected(JOB_NOT_FOUND, "there is no such job");
    }
    return switch (command) {
      case CreateJob create -> create(create, state);
      case StartJob start -> start(start, state);
      case PauseJob pause -> pause(pause, state);
      case ResumeJob resume -> resume(resume, state);
      case CancelJob cancel -> cancel(cancel, state);
      case StartNextStep startNext -> startNextStep(startNext, state);
      case CompleteAttempt complete -> completeAttempt(complete, state);
      case FailAttempt fail -> failAttempt(fail, state);
      case RequestApproval request -> requestApproval(request, state);
      case ApproveJob approve -> approve(approve, state);
      case RejectJob reject -> reject(reject, state);
      case TimeOutApproval timeOut -> timeOutApproval(timeOut, state);
    };
  }

  private static List<JobEvent> create(CreateJob c, @Nullable JobState state) {
    if (state != null) {
      throw new JobRejected(JOB_ALREADY_EXISTS, "job " + c.jobId() + " already exists");
    }
    String name = c.name().strip();
    requireInput(!name.isEmpty(), "name must not be empty");
    requireInput(
        name.length() <= MAX_NAME_LENGTH,
        "name must be at most " + MAX_NAME_LENGTH + " characters");
    requireInput(!c.task().isBlank(), "task must not be empty");
    requireInput(
        c.task().length() <= MAX_TASK_LENGTH,
        "task must be at most " + MAX_TASK_LENGTH + " characters");
    requireInput(!c.createdBy().isBlank(), "the creator must be known");
    return List.of(
        new JobCreated(
            c.jobId(),
            name,
            c.task(),
            c.parameters(),
            c.agents(),
            c.limits(),
            c.approval(),
            c.createdBy(),
            c.replayOf(),
            c.now()));
  }

  private static List<JobEvent> start(StartJob c, JobState state) {
    rejectIfFinished(state, "start");
    if (state.status() != JobStatus.PENDING) {
      throw new JobRejected(
          ALREADY_STARTED, "job " + state.id() + " was already started; it is " + state.status());
    }
    return List.of(new JobStarted(c.actor(), c.now()));
  }

  private static List<JobEvent> pause(PauseJob c, JobState state) {
    rejectIfFinished(state, "pause");
    return switch (state.status()) {
      case RUNNING, AWAITING_APPROVAL ->
          List.of(new JobPaused(reason(c.reason(), "paused"), c.actor(), c.now()));
      case PAUSED ->
          throw new JobRejected(ALREADY_PAUSED, "job " + state.id() + " is already paused");
      case PENDING ->
          throw new JobRejected(
              NOT_STARTED, "job " + state.id() + " is " + state.status() + "; start it first");
      case COMPLETED, FAILED, CANCELLED ->
          throw new JobRejected(
              JOB_FINISHED, "job " + state.id() + " has ended (" + state.status() + ")");
    };
  }

  private static List<JobEvent> resume(ResumeJob c, JobState state) {
    rejectIfFinished(state, "resume");
    if (state.status() != JobStatus.PAUSED) {
      throw new JobRejected(
          NOT_PAUSED, "job " + state.id() + " is " + state.status() + ", not paused");
    }
    return List.of(new JobResumed(c.actor(), c.now()));
  }

  private static List<JobEvent> cancel(CancelJob c, JobState state) {
    rejectIfFinished(state, "cancel");
    String reason = reason(c.reason(), "cancelled");
    var events = new ArrayList<JobEvent>(2);
    StepState inFlight = state.inFlightStep();
    if (inFlight != null) {
      events.add(
          new JobStepFailed(
              inFlight.id(),
              inFlight.attempt(),
              FailureKind.INTERRUPTED,
              "interrupted: the job was cancelled",
              c.now()));
    }
    events.add(new JobCancelled(reason, c.actor(), c.now()));
    return events;
  }

  private static List<JobEvent> startNextStep(StartNextStep c, JobState state) {
    rejectIfFinished(state, "run a step of");
    if (state.status() != JobStatus.RUNNING) {
      throw new JobRejected(
          NOT_STARTED, "job " + state.id() + " is " + state.status() + "; no step runs now");
    }
    StepState inFlight = state.inFlightStep();
    if (inFlight != null) {
      throw new JobRejected(
          STEP_IN_FLIGHT,
          "attempt " + inFlight.attempt() + " of step " + inFlight.id() + " is still running");
    }
    ApprovalGate gate = Pipeline.approvalDue(state);
    if (gate != null) {
      throw new JobRejected(
          APPROVAL_REQUIRED,
          "job " + state.id() + " must be approved (" + gate + ") before its next step");
    }
    StepState last = state.lastStep();
    if (last != null && last.status() == StepStatus.RETRY_SCHEDULED) {
      Instant due = last.retryAt();
      if (due != null && c.now().isBefore(due)) {
        throw new JobRejected(
            RETRY_NOT_DUE, "the retry of step " + last.id() + " is due at " + due);
      }
      // Built afresh from the job (not copied from the failed attempt) so that parameters changed
      // by a replay reach the retried step.
      AgentInput input = Pipeline.inputFor(state, next(last));
      return List.of(roleStarted(last.role(), last.id(), last.attempt() + 1, input, c.now()));
    }
    Pipeline.NextStep next = Pipeline.nextStep(state);
    if (next == null) {
      throw new JobRejected(NOTHING_TO_RUN, "job " + state.id() + " has no step left to run");
    }
    StepId stepId = next.stepId();
    return List.of(
        new JobStepStarted(stepId, next.role(), next.iteration(), c.now()),
        roleStarted(next.role(), stepId, 1, Pipeline.inputFor(state, next), c.now()));
  }

  private static Pipeline.NextStep next(StepState step) {
    return new Pipeline.NextStep(step.role(), step.iteration());
  }

  private static JobEvent roleStarted(
      AgentRole role, StepId stepId, int attempt, AgentInput input, Instant now) {
    return switch (role) {
      case PLANNER -> new PlannerStarted(stepId, attempt, input, now);
      case CODER -> new CoderStarted(stepId, attempt, input, now);
      case CRITIQUE -> new CritiqueStarted(stepId, attempt, input, now);
    };
  }

  private static List<JobEvent> completeAttempt(CompleteAttempt c, JobState state) {
    StepState step = runningAttempt(state, c.stepId(), c.attempt(), "complete");
    if (c.result().role() != step.role()) {
      throw new JobRejected(
          WRONG_RESULT_FOR_ROLE,
          "step "
              + step.id()
              + " is a "
              + step.role()
              + " step; it cannot take a "
              + c.result().role()
              + " result");
    }
    long durationMs = Duration.between(step.startedAt(), c.now()).toMillis();
    var events = new ArrayList<JobEvent>(4);
    AgentUsage usage = c.usage();
    ReusedFrom reused = c.reusedFrom();
    switch (c.result()) {
      case AgentResult.Plan plan -> {
        requireResult(!plan.plan().isBlank(), "the planner returned an empty plan");
        events.add(
            new PlannerCompleted(step.id(), c.attempt(), plan.plan(), usage, reused, c.now()));
        events.add(new JobStepCompleted(step.id(), c.attempt(), durationMs, c.now()));
      }
      case AgentResult.Artifact artifact -> {
        events.add(
            new CoderCompleted(
                step.id(), c.attempt(), artifact.artifact(), usage, reused, c.now()));
        events.add(new JobStepCompleted(step.id(), c.attempt(), durationMs, c.now()));
      }
      case AgentResult.Review review -> {
        events.add(
            new CritiqueCompleted(
                step.id(),
                c.attempt(),
                review.verdict(),
                review.feedback(),
                usage,
                reused,
                c.now()));
        events.add(new JobStepCompleted(step.id(), c.attempt(), durationMs, c.now()));
        if (review.verdict() == Verdict.APPROVED) {
          if (!state.approval().requires(ApprovalGate.BEFORE_COMPLETE)) {
            events.add(new JobCompleted(finalArtifact(state), c.now()));
          }
        } else if (step.iteration() >= state.limits().maxIterations()) {
          events.add(
              new JobFailed(
                  "not approved after "
                      + step.iteration()
                      + " iteration"
                      + (step.iteration() == 1 ? "" : "s")
                      + ": "
                      + review.feedback(),
                  step.id(),
                  c.now()));
        }
      }
    }
    // A reused output made no call: nothing was spent, so no budget can be passed by it.
    return checkBudget(state, reused == null ? usage : null, step.id(), events, c.now());
  }

  private static String finalArtifact(JobState state) {
    return state.artifact() == null ? "" : state.artifact();
  }

  private static List<JobEvent> requestApproval(RequestApproval c, JobState state) {
    rejectIfFinished(state, "ask for an approval of");
    ApprovalState pending = state.pendingApproval();
    if (state.status() == JobStatus.AWAITING_APPROVAL && pending != null) {
      return List.of(
          new ApprovalRequested(
              pending.gate(),
              pending.stepId(),
              JobEvolution.deadline(state.approval(), c.now()),
              c.now()));
    }
    ApprovalGate gate = Pipeline.approvalDue(state);
    StepState last = state.lastStep();
    if (gate == null || last == null) {
      throw new JobRejected(
          NO_APPROVAL_DUE, "job " + state.id() + " has no approval due; it is " + state.status());
    }
    return List.of(
        new ApprovalRequested(
            gate, last.id(), JobEvolution.deadline(state.approval(), c.now()), c.now()));
  }

  private static List<JobEvent> approve(ApproveJob c, JobState state) {
    ApprovalState pending = awaitedApproval(state, "approve");
    String comment = c.comment() == null || c.comment().isBlank() ? null : comment(c.comment());
    return granted(state, pending, comment, c.actor(), c.now());
  }

  private static List<JobEvent> reject(RejectJob c, JobState state) {
    ApprovalState pending = awaitedApproval(state, "reject");
    requireInput(!c.comment().isBlank(), "a rejection needs a comment: it is the feedback");
    return rejected(state, pending, comment(c.comment()), c.actor(), c.now());
  }

  private static List<JobEvent> timeOutApproval(TimeOutApproval c, JobState state) {
    ApprovalState pending = awaitedApproval(state, "time out the approval of");
    Instant deadline = state.approvalDeadline();
    if (deadline == null || c.now().isBefore(deadline)) {
      throw new JobRejected(
          APPROVAL_NOT_DUE,
          deadline == null
              ? "the approval of job " + state.id() + " has no timeout"
              : "the approval of job " + state.id() + " times out at " + deadline);
    }
    ApprovalTimeoutAction action = state.approval().onTimeout();
    String waited = "no decision within " + state.approval().timeoutMs() + " ms";
    var events = new ArrayList<JobEvent>(3);
    events.add(new ApprovalTimedOut(pending.gate(), pending.stepId(), action, c.now()));
    switch (action) {
      case APPROVE ->
          events.addAll(
              granted(state, pending, "approved: " + waited, APPROVAL_TIMEOUT_ACTOR, c.now()));
      case REJECT ->
          events.addAll(
              rejected(state, pending, "rejected: " + waited, APPROVAL_TIMEOUT_ACTOR, c.now()));
      case FAIL ->
          events.add(
              new JobFailed(
                  "not approved (" + pending.gate() + "): " + waited, pending.stepId(), c.now()));
    }
    return events;
  }

  /** The approval granted; the job completes if it was its result that waited. */
  private static List<JobEvent> granted(
      JobState state, ApprovalState pending, @Nullable String comment, String actor, Instant now) {
    var events = new ArrayList<JobEvent>(2);
    events.add(new ApprovalGranted(pending.gate(), pending.stepId(), comment, actor, now));
    switch (pending.gate()) {
      case AFTER_PLAN -> {}
      case BEFORE_COMPLETE -> events.add(new JobCompleted(finalArtifact(state), now));
    }
    return events;
  }

  /**
   * The approval rejected: the comment becomes the feedback of the step that runs again (the plan,
   * or the coder's next iteration), and the job fails if the iterations are used up.
   */
  private static List<JobEvent> rejected(
      JobState state, ApprovalState pending, String comment, String actor, Instant now) {
    var rejection = new ApprovalRejected(pending.gate(), pending.stepId(), comment, actor, now);
    var events = new ArrayList<JobEvent>(2);
    events.add(rejection);
    if (Pipeline.nextStep(JobEvolution.evolve(state, rejection)) == null) {
      int max = state.limits().maxIterations();
      events.add(
          new JobFailed(
              "rejected after "
                  + max
                  + " iteration"
                  + (max == 1 ? "" : "s")
                  + " ("
                  + pending.gate()
                  + "): "
                  + comment,
              pending.stepId(),
              now));
    }
    return events;
  }

  /** The approval the job waits for, or a rejection saying why there is none to decide. */
  private static ApprovalState awaitedApproval(JobState state, String verb) {
    rejectIfFinished(state, verb);
    ApprovalState pending = state.pendingApproval();
    if (state.status() != JobStatus.AWAITING_APPROVAL || pending == null) {
      throw new JobRejected(
          NOT_AWAITING_APPROVAL,
          "cannot "
              + verb
              + " job "
              + state.id()
              + ": it is "
              + state.status()
              + (state.status() == JobStatus.PAUSED && pending != null
                  ? "; resume it first"
                  : ", not awaiting approval"));
    }
    return pending;
  }

  private static String comment(String comment) {
    return truncate(comment.strip(), MAX_COMMENT_LENGTH);
  }

  private static List<JobEvent> failAttempt(FailAttempt c, JobState state) {
    StepState step = runningAttempt(state, c.stepId(), c.attempt(), "fail");
    String error = truncate(c.error().isBlank() ? "unknown error" : c.error(), 8_000);
    var events = new ArrayList<JobEvent>(4);
    events.add(new JobStepFailed(step.id(), c.attempt(), c.kind(), error, c.usage(), c.now()));
    int counted = step.countedFailures() + (c.kind().countsTowardLimit() ? 1 : 0);
    if (c.kind() == FailureKind.FATAL) {
      events.add(new JobFailed("step " + step.id() + " failed: " + error, step.id(), c.now()));
    } else if (counted >= state.limits().maxAttempts()) {
      events.add(
          new JobFailed(
              "step "
                  + step.id()
                  + " failed after "
                  + counted
                  + " attempt"
                  + (counted == 1 ? "" : "s")
                  + ": "
                  + error,
              step.id(),
              c.now()));
    } else {
      Duration delay = c.kind() == FailureKind.INTERRUPTED ? Duration.ZERO : c.retryDelay();
      events.add(
          new JobStepRetryScheduled(step.id(), c.attempt() + 1, c.now().plus(delay), c.now()));
    }
    return checkBudget(state, c.usage(), step.id(), events, c.now());
  }

  /**
   * When the attempt's usage takes the job over one of its budgets and the job would go on, the
   * decision is recorded ({@link JobBudgetExceeded}) and the job fails or pauses, as its limits
   * say. An attempt that ends the job anyway (approved, or failed for good) only ends it: the
   * budget exists to stop further calls. A job that goes over budget again after being resumed
   * pauses (or fails) again.
   */
  private static List<JobEvent> checkBudget(
      JobState state,
      @Nullable AgentUsage usage,
      StepId stepId,
      List<JobEvent> events,
      Instant now) {
    if (usage == null
        || events.stream().anyMatch(e -> e instanceof JobCompleted || e instanceof JobFailed)) {
      return events;
    }
    JobLimits limits = state.limits();
    JobUsage after = state.usage().plus(usage);
    Budget budget = Budget.exceeded(limits, after);
    if (budget == null) {
      return events;
    }
    var exceeded =
        new JobBudgetExceeded(
            budget, budget.limit(limits), budget.used(after), limits.onBudgetExceeded(), now);
    events.add(exceeded);
    switch (limits.onBudgetExceeded()) {
      case FAIL -> {
        // A retry that can no longer run is not scheduled.
        events.removeIf(e -> e instanceof JobStepRetryScheduled);
        events.add(new JobFailed(exceeded.reason(), stepId, now));
      }
      case PAUSE -> {
        if (state.status() != JobStatus.PAUSED) {
          events.add(new JobPaused(exceeded.reason(), BUDGET_ACTOR, now));
        }
      }
    }
    return events;
  }

  /** The step's running attempt; completions are accepted while paused (the call was underway). */
  private static StepState runningAttempt(JobState state, StepId stepId, int attempt, String verb) {
    rejectIfFinished(state, verb + " an attempt of");
    StepState step = state.step(stepId);
    if (step == null) {
      throw new JobRejected(UNKNOWN_STEP, "job " + state.id() + " has no step " + stepId);
    }
    if (!step.attemptInFlight()) {
      throw new JobRejected(
          NO_STEP_IN_FLIGHT, "step " + stepId + " has no running attempt; it is " + step.status());
    }
    if (step.attempt() != attempt) {
      throw new JobRejected(
          STALE_ATTEMPT,
          "attempt "
              + attempt
              + " of step "
              + stepId
              + " is stale; attempt "
              + step.attempt()
              + " is running");
    }
    return step;
  }

  private static void rejectIfFinished(JobState state, String verb) {
    if (state.status().isTerminal()) {
      throw new JobRejected(
          JOB_FINISHED,
          "cannot " + verb + " job " + state.id() + ": it already ended as " + state.status());
    }
  }

  private static void requireInput(boolean condition, String message) {
    if (!condition) {
      throw new JobRejected(INVALID_INPUT, message);
    }
  }

  private static void requireResult(boolean condition, String message) {
    if (!condition) {
      throw new JobRejected(WRONG_RESULT_FOR_ROLE, message);
    }
  }

  private static String reason(@Nullable String reason, String fallback) {
    if (reason == null || reason.isBlank()) {
      return fallback;
    }
    return truncate(reason.strip(), MAX_REASON_LENGTH);
  }

  private static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
