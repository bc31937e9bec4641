package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler.Handled;
import io.jobtrail.application.port.out.AgentLog;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.RejectionReason;
import io.jobtrail.domain.job.StepState;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns how an agent call ended into the job's command: {@code CompleteAttempt} with the result,
 * {@code FailAttempt} with the failure and a jittered retry delay, or nothing when the attempt was
 * already closed by someone else (a cancel, another instance).
 */
final class AttemptRecorder {

  private final OrchestratorCommands commands;
  private final RetryBackoff backoff;
  private final OrchestratorMetrics metrics;
  private final String instanceId;

  AttemptRecorder(
      OrchestratorCommands commands,
      RetryBackoff backoff,
      OrchestratorMetrics metrics,
      String instanceId) {
    this.commands = commands;
    this.backoff = backoff;
    this.metrics = metrics;
    this.instanceId = instanceId;
  }

  /**
   * What the agent reported about a call: its usage (priced) and the environment entry naming the
   * agent ({@code kind} and what the agent added).
   */
  record CallReport(AgentUsage usage, Map<String, Object> agent) {}

  /** {@code state} is the job as the attempt started; {@code cause} its role's Started event. */
  Next record(
      JobRun run,
      JobState state,
      StepState step,
      RecordedEvent cause,
      AttemptOutcome outcome,
      CallReport report,
      AgentLog log) {
    return switch (outcome) {
      case AttemptOutcome.Succeeded succeeded ->
          complete(run, state, step, cause, succeeded.result(), report, log);
      case AttemptOutcome.Failed failed ->
          fail(run, state, step, cause, failed.kind(), failed.error(), report, log);
      // A call stopped from outside is recorded as interrupted, without usage (it did not finish).
      case AttemptOutcome.Stopped stopped -> stopped(run, state, step, cause, stopped, log);
    };
  }

  private Next complete(
      JobRun run,
      JobState state,
      StepState step,
      RecordedEvent cause,
      AgentResult result,
      CallReport report,
      AgentLog log) {
    try {
      Handled handled =
          commands.handle(
              run,
              new JobCommand.CompleteAttempt(
                  step.id(), step.attempt(), result, report.usage(), commands.now()),
              cause,
              report.agent());
      noteEnd(handled, log);
      return Next.now();
    } catch (JobRejected rejected) {
      if (rejected.reason() == RejectionReason.WRONG_RESULT_FOR_ROLE) {
        // The agent answered, but not with something the step can use: a failed attempt.
        return fail(run, state, step, cause, FailureKind.ERROR, rejected.getMessage(), report, log);
      }
      throw rejected;
    }
  }

  private Next stopped(
      JobRun run,
      JobState state,
      StepState step,
      RecordedEvent cause,
      AttemptOutcome.Stopped stopped,
      AgentLog log) {
    StopReason reason = stopped.reason();
    log.warn("agent call stopped: " + reason.description());
    return switch (reason) {
      // The cancel (or the instance that took over) already closed the attempt.
      case CANCELLED, SUPERSEDED -> Next.now();
      case LEASE_LOST -> new Next.Done(false, reason.description());
      case PAUSED -> {
        fail(
            run,
            state,
            step,
            cause,
            FailureKind.INTERRUPTED,
            "interrupted: the job was paused",
            null,
            log);
        yield Next.now();
      }
      case SHUTDOWN -> {
        fail(
            run,
            state,
            step,
            cause,
            FailureKind.INTERRUPTED,
            "interrupted: instance " + instanceId + " is stopping",
            null,
            log);
        yield new Next.Done(true, reason.description());
      }
    };
  }

  private Next fail(
      JobRun run,
      JobState state,
      StepState step,
      RecordedEvent cause,
      FailureKind kind,
      String error,
      @Nullable CallReport report,
      AgentLog log) {
    Duration delay = backoff.before(state.limits(), step.attempt() + 1);
    Handled handled =
        commands.handle(
            run,
            new JobCommand.FailAttempt(
                step.id(),
                step.attempt(),
                kind,
                error,
                delay,
                report == null ? null : report.usage(),
                commands.now()),
            cause,
            report == null ? null : report.agent());
    for (RecordedEvent recorded : handled.events()) {
      if (recorded.event() instanceof JobEvent.JobStepRetryScheduled retry) {
        metrics.retryScheduled(step.role(), kind);
        log.warn(
            "attempt "
                + step.attempt()
                + " failed ("
                + kind
                + "): "
                + error
                + "; attempt "
                + retry.nextAttempt()
                + " not before "
                + retry.notBefore());
      }
    }
    noteEnd(handled, log);
    return Next.now();
  }

  private void noteEnd(Handled handled, AgentLog log) {
    JobState after = handled.state();
    if (after.status().isTerminal()) {
      metrics.jobFinished(after.status());
      if (after.failureReason() != null) {
        log.error("the job failed: " + after.failureReason());
      }
    }
  }
}
