package io.jobtrail.application.view;

import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.HistoryDamaged;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentInput;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.AgentUsage;
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
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.ReplayOrigin;
import io.jobtrail.domain.job.ReusedFrom;
import io.jobtrail.domain.job.StepState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link JobView} from a job's recorded events, oldest first. The job's state comes from
 * the domain's own fold ({@link JobEvolution}); what the decision state does not keep (every
 * attempt, the envelope's trace, span, instance and principal, copied-from marks) is collected here
 * from the same events. Not thread-safe: one fold per reader.
 */
public final class JobViewFold {

  private @Nullable JobState state;
  private final Map<String, List<Attempt>> attempts = new HashMap<>();
  private final List<JobView.Pause> pauses = new ArrayList<>();
  private final List<JobView.Approval> approvals = new ArrayList<>();

  /** Folds a job's whole history; null for an empty one. */
  public static @Nullable JobView of(List<RecordedEvent> events) {
    var fold = new JobViewFold();
    events.forEach(fold::apply);
    return fold.hasJob() ? fold.view() : null;
  }

  public boolean hasJob() {
    return state != null;
  }

  /** The version folded so far (0 before the first event). */
  public long version() {
    return state == null ? 0 : state.version();
  }

  /**
   * Applies the next event of the job.
   *
   * @throws HistoryDamaged if the event is not the next version (the stored history has a hole)
   */
  public void apply(RecordedEvent recorded) {
    if (recorded.version() != version() + 1) {
      throw new HistoryDamaged(
          version() + 1,
          "version "
              + (version() + 1)
              + " is missing from the log (found "
              + recorded.version()
              + ")");
    }
    JobEvent event = recorded.event();
    state = JobEvolution.evolve(state, event);
    switch (event) {
      case PlannerStarted e -> started(e.stepId().value(), e.attempt(), e.input(), recorded);
      case CoderStarted e -> started(e.stepId().value(), e.attempt(), e.input(), recorded);
      case CritiqueStarted e -> started(e.stepId().value(), e.attempt(), e.input(), recorded);
      case PlannerCompleted e ->
          completed(e.stepId().value(), e.attempt(), recorded, e.usage(), e.reusedFrom()).output =
              Map.of("plan", e.plan());
      case CoderCompleted e ->
          completed(e.stepId().value(), e.attempt(), recorded, e.usage(), e.reusedFrom()).output =
              Map.of("artifact", e.artifact());
      case CritiqueCompleted e ->
          completed(e.stepId().value(), e.attempt(), recorded, e.usage(), e.reusedFrom()).output =
              Map.of("verdict", e.verdict().name(), "feedback", e.feedback());
      case JobStepCompleted e -> {
        Attempt attempt = attempt(e.stepId().value(), e.attempt(), recorded);
        attempt.status = AttemptView.Status.SUCCEEDED;
        attempt.endedAt = e.at();
      }
      case JobStepFailed e -> {
        Attempt attempt = ended(e.stepId().value(), e.attempt(), recorded, e.usage());
        attempt.status = AttemptView.Status.FAILED;
        attempt.endedAt = e.at();
        attempt.error = e.error();
        attempt.failureKind = failureKind(e.kind());
      }
      case JobStepRetryScheduled e ->
          attempt(e.stepId().value(), e.nextAttempt() - 1, recorded).retryAt = e.notBefore();
      case JobCreated e -> {}
      case JobStarted e -> {}
      case JobPaused e -> pauses.add(new JobView.Pause(e.at(), null, e.reason(), e.actor()));
      case JobResumed e -> endPause(e.at());
      case JobCancelled e -> endPause(e.at());
      case JobCompleted e -> endPause(e.at());
      case JobFailed e -> endPause(e.at());
      case JobStepStarted e -> {}
      case JobBudgetExceeded e -> {}
      case ApprovalRequested e -> requested(e, recorded);
      case ApprovalGranted e -> decided(true, e.actor(), e.comment(), e.at());
      case ApprovalRejected e -> decided(false, e.actor(), e.comment(), e.at());
      case ApprovalTimedOut e -> {}
    }
  }

  /** A new approval (or the same one asked again), showing what is to be approved. */
  private void requested(ApprovalRequested e, RecordedEvent recorded) {
    JobState s = java.util.Objects.requireNonNull(state);
    String subject =
        switch (e.gate()) {
          case AFTER_PLAN -> s.plan();
          case BEFORE_COMPLETE -> s.artifact();
        };
    var approval =
        new JobView.Approval(
            e.gate().name(),
            e.stepId().value(),
            subject == null ? "" : subject,
            e.at(),
            recorded.metadata().userId(),
            e.deadline(),
            JobView.ApprovalStatus.PENDING,
            null,
            null,
            null,
            false,
            recorded.metadata().copiedFrom() != null);
    JobView.Approval last = approvals.isEmpty() ? null : approvals.getLast();
    if (last != null
        && last.status() == JobView.ApprovalStatus.PENDING
        && last.stepId().equals(approval.stepId())) {
      approvals.set(approvals.size() - 1, approval);
    } else {
      approvals.add(approval);
    }
  }

  private void decided(boolean approved, String actor, @Nullable String comment, Instant at) {
    JobView.Approval last = approvals.isEmpty() ? null : approvals.getLast();
    if (last == null || last.status() != JobView.ApprovalStatus.PENDING) {
      return;
    }
    approvals.set(
        approvals.size() - 1,
        new JobView.Approval(
            last.gate(),
            last.stepId(),
            last.subject(),
            last.requestedAt(),
            last.requestedBy(),
            null,
            approved ? JobView.ApprovalStatus.APPROVED : JobView.ApprovalStatus.REJECTED,
            actor,
            comment,
            at,
            actor.equals(io.jobtrail.domain.job.JobDecider.APPROVAL_TIMEOUT_ACTOR),
            last.copied()));
  }

  /** The approvals as shown: the pending one's deadline as it stands (none while paused). */
  private List<JobView.Approval> approvalViews(JobState s) {
    var views = new ArrayList<JobView.Approval>(approvals);
    JobView.Approval last = views.isEmpty() ? null : views.getLast();
    if (last != null && last.status() == JobView.ApprovalStatus.PENDING) {
      boolean ended = s.status().isTerminal();
      views.set(
          views.size() - 1,
          new JobView.Approval(
              last.gate(),
              last.stepId(),
              last.subject(),
              last.requestedAt(),
              last.requestedBy(),
              ended ? null : s.approvalDeadline(),
              ended ? JobView.ApprovalStatus.CLOSED : JobView.ApprovalStatus.PENDING,
              null,
              null,
              ended ? s.endedAt() : null,
              false,
              last.copied()));
    }
    return views;
  }

  /** The attempt an outcome event belongs to, with the call's usage and environment. */
  private Attempt ended(
      String stepId, int number, RecordedEvent recorded, @Nullable AgentUsage usage) {
    Attempt attempt = attempt(stepId, number, recorded);
    if (usage != null) {
      attempt.usage = usage;
    }
    EventMetadata.Environment environment = recorded.metadata().environment();
    if (environment != null && environment.agent() != null) {
      attempt.environment = EventHashing.environmentDocument(environment);
    }
    return attempt;
  }

  private void endPause(Instant at) {
    if (!pauses.isEmpty() && pauses.getLast().endedAt() == null) {
      JobView.Pause open = pauses.removeLast();
      pauses.add(new JobView.Pause(open.startedAt(), at, open.reason(), open.userId()));
    }
  }

  private Attempt completed(
      String stepId,
      int number,
      RecordedEvent recorded,
      @Nullable AgentUsage usage,
      @Nullable ReusedFrom reusedFrom) {
    Attempt attempt = ended(stepId, number, recorded, usage);
    attempt.reusedFrom = reusedFrom;
    return attempt;
  }

  private void started(String stepId, int number, AgentInput input, RecordedEvent recorded) {
    EventMetadata m = recorded.metadata();
    var attempt = new Attempt(number, recorded.event().at(), m, m.copiedFrom() != null);
    attempt.input = EventDocuments.input(input);
    attempt.eventVersions.add(recorded.version());
    attempts.computeIfAbsent(stepId, k -> new ArrayList<>()).add(attempt);
  }

  /** The attempt an event belongs to, with the event's version added to it. */
  private Attempt attempt(String stepId, int number, RecordedEvent recorded) {
    for (Attempt attempt : attempts.getOrDefault(stepId, List.of())) {
      if (attempt.number == number) {
        attempt.eventVersions.add(recorded.version());
        return attempt;
      }
    }
    // An outcome without a recorded start cannot be decided; keep the fold total all the same.
    var orphan =
        new Attempt(
            number,
            recorded.event().at(),
            recorded.metadata(),
            recorded.metadata().copiedFrom() != null);
    orphan.eventVersions.add(recorded.version());
    attempts.computeIfAbsent(stepId, k -> new ArrayList<>()).add(orphan);
    return orphan;
  }

  public JobView view() {
    JobState s = state;
    if (s == null) {
      throw new IllegalStateException("no events folded");
    }
    var steps = new ArrayList<StepView>(s.steps().size());
    for (StepState step : s.steps()) {
      var stepAttempts = new ArrayList<AttemptView>();
      for (Attempt attempt : attempts.getOrDefault(step.id().value(), List.of())) {
        stepAttempts.add(attempt.view(s));
      }
      steps.add(
          new StepView(
              step.id().value(),
              role(step.role()),
              step.iteration(),
              stepStatus(step, s.status()),
              step.startedAt(),
              step.endedAt() != null || !s.status().isTerminal() ? step.endedAt() : s.endedAt(),
              step.retryAt(),
              stepAttempts));
    }
    ReplayOrigin origin = s.replayOf();
    return new JobView(
        s.id().toString(),
        s.name(),
        s.task(),
        s.parameters(),
        agents(s.agents()),
        limits(s.limits()),
        s.createdBy(),
        origin == null
            ? null
            : new JobView.Origin(
                origin.jobId().toString(), origin.version(), origin.overrides(), origin.reuse()),
        status(s),
        s.version(),
        s.createdAt(),
        s.updatedAt(),
        s.startedAt(),
        s.endedAt(),
        s.currentStep() == null ? null : s.currentStep().value(),
        s.progress(),
        s.plan(),
        s.iteration(),
        s.artifact(),
        s.lastFeedback(),
        s.failureReason(),
        s.pauseReason(),
        s.cancelReason(),
        steps,
        pauses,
        s.usage(),
        s.approval(),
        approvalViews(s));
  }

  /** The status shown for a job: a started job whose first step has not begun is queued. */
  public static JobView.Status status(JobStatus status, boolean anyStepStarted) {
    return switch (status) {
      case PENDING -> JobView.Status.PENDING;
      case RUNNING -> anyStepStarted ? JobView.Status.RUNNING : JobView.Status.QUEUED;
      case PAUSED -> JobView.Status.PAUSED;
      case AWAITING_APPROVAL -> JobView.Status.AWAITING_APPROVAL;
      case COMPLETED -> JobView.Status.COMPLETED;
      case FAILED -> JobView.Status.FAILED;
      case CANCELLED -> JobView.Status.CANCELLED;
    };
  }

  private static JobView.Status status(JobState s) {
    return status(s.status(), !s.steps().isEmpty());
  }

  /** A step still running when its job ended (cancelled mid-attempt) ended with the job. */
  private static StepView.Status stepStatus(StepState step, JobStatus job) {
    return switch (step.status()) {
      case RUNNING -> job.isTerminal() ? StepView.Status.FAILED : StepView.Status.RUNNING;
      case RETRY_SCHEDULED -> StepView.Status.RETRY_SCHEDULED;
      case SUCCEEDED -> StepView.Status.SUCCEEDED;
      case FAILED -> StepView.Status.FAILED;
    };
  }

  private static StepView.Role role(io.jobtrail.domain.job.AgentRole role) {
    return switch (role) {
      case PLANNER -> StepView.Role.PLANNER;
      case CODER -> StepView.Role.CODER;
      case CRITIQUE -> StepView.Role.CRITIQUE;
    };
  }

  private static AttemptView.FailureKind failureKind(io.jobtrail.domain.job.FailureKind kind) {
    return switch (kind) {
      case ERROR -> AttemptView.FailureKind.ERROR;
      case TIMEOUT -> AttemptView.FailureKind.TIMEOUT;
      case FATAL -> AttemptView.FailureKind.FATAL;
      case INTERRUPTED -> AttemptView.FailureKind.INTERRUPTED;
    };
  }

  private static JobView.Agents agents(AgentAssignment agents) {
    return new JobView.Agents(
        agent(agents.planner()), agent(agents.coder()), agent(agents.critique()));
  }

  private static JobView.Agent agent(AgentSpec spec) {
    return new JobView.Agent(spec.kind(), spec.settings());
  }

  private static JobView.Limits limits(JobLimits limits) {
    return new JobView.Limits(
        limits.maxIterations(),
        limits.maxAttempts(),
        limits.stepTimeoutMs(),
        limits.backoffInitialMs(),
        limits.backoffMaxMs(),
        limits.maxTotalTokens(),
        limits.maxCostUsd(),
        limits.onBudgetExceeded());
  }

  /** An attempt as its events describe it so far. */
  private static final class Attempt {
    final int number;
    final Instant startedAt;
    final EventMetadata started;
    final boolean copied;
    final List<Long> eventVersions = new ArrayList<>();
    AttemptView.Status status = AttemptView.Status.RUNNING;
    @Nullable Instant endedAt;
    @Nullable Map<String, Object> input;
    @Nullable Map<String, Object> output;
    @Nullable String error;
    AttemptView.@Nullable FailureKind failureKind;
    @Nullable Instant retryAt;
    @Nullable AgentUsage usage;
    @Nullable ReusedFrom reusedFrom;
    @Nullable Map<String, Object> environment;

    Attempt(int number, Instant startedAt, EventMetadata started, boolean copied) {
      this.number = number;
      this.startedAt = startedAt;
      this.started = started;
      this.copied = copied;
    }

    /**
     * The attempt as shown. One still open when its job ended (cancelled while the agent ran, with
     * no outcome recorded) ended with the job, interrupted.
     */
    AttemptView view(JobState job) {
      boolean endedWithJob = status == AttemptView.Status.RUNNING && job.status().isTerminal();
      return new AttemptView(
          number,
          endedWithJob ? AttemptView.Status.FAILED : status,
          startedAt,
          endedWithJob ? job.endedAt() : endedAt,
          input,
          output,
          endedWithJob ? "the job ended (" + job.status() + ") while the attempt ran" : error,
          endedWithJob ? AttemptView.FailureKind.INTERRUPTED : failureKind,
          retryAt,
          eventVersions,
          started.traceId(),
          started.spanId(),
          started.instanceId(),
          started.userId(),
          copied,
          reusedFrom,
          usage,
          environment);
    }
  }
}
