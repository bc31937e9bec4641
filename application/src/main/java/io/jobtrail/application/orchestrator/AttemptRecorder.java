package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.job.JobCommandHandler.Handled;
import io.jobtrail.application.port.out.AgentLog;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.RejectionReason;
import io.jobtrail.domain.job.StepState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The one place where an attempt's outcome is recorded: how an agent call ended becomes the job's
 * command, {@code CompleteAttempt} with the result, {@code FailAttempt} with the failure and a
 * jittered retry delay, or nothing when the attempt was already closed by someone else (a cancel,
 * another instance). The commands go through the job's loop, which remembers the last event.
 */
final class AttemptRecorder {

  /** How long an outcome is kept for a database that is away before the attempt is given up. */
  private static final Duration RECORD_PATIENCE = Duration.ofMinutes(5);

  private final OrchestratorCommands commands;
  private final OrchestratorMetrics metrics;
  private final String instanceId;
  private final double retryJitter;

  AttemptRecorder(
      OrchestratorCommands commands,
      OrchestratorMetrics metrics,
      String instanceId,
      double retryJitter) {
    this.commands = commands;
    this.metrics = metrics;
    this.instanceId = instanceId;
    this.retryJitter = retryJitter;
  }

  /**
   * What the agent reported about a call: its usage (priced) and the environment entry naming the
   * agent ({@code kind} and what the agent added).
   */
  record CallReport(AgentUsage usage, Map<String, Object> agent) {}

  /**
   * Records the outcome; while the database is away it keeps the outcome and tries again (250 ms
   * doubling up to 2 s) rather than lose the agent's work and run the step again. A retry after a
   * commit whose answer was lost is refused by decide (the attempt is no longer in flight), so
   * nothing is recorded twice. It gives up when the loop must end (halted, stopping, lease lost) or
   * after {@link #RECORD_PATIENCE}; the attempt is then recovered as interrupted.
   *
   * @param state the job as the attempt started
   * @param cause the attempt's Started event
   */
  void record(
      JobLoop run,
      JobState state,
      StepState step,
      RecordedEvent cause,
      AttemptOutcome outcome,
      CallReport report,
      AgentLog log)
      throws InterruptedException {
    long deadline = System.nanoTime() + RECORD_PATIENCE.toNanos();
    long waitMillis = 250;
    while (true) {
      try {
        recordOnce(run, state, step, cause, outcome, report, log);
        return;
      } catch (StoreUnavailable away) {
        if (run.ending() || System.nanoTime() > deadline) {
          throw away;
        }
        Thread.sleep(waitMillis);
        waitMillis = Math.min(waitMillis * 2, 2_000);
      }
    }
  }

  private void recordOnce(
      JobLoop run,
      JobState state,
      StepState step,
      RecordedEvent cause,
      AttemptOutcome outcome,
      CallReport report,
      AgentLog log) {
    switch (outcome) {
      case AttemptOutcome.Succeeded succeeded ->
          complete(run, state, step, cause, succeeded.result(), report, log);
      case AttemptOutcome.Failed failed ->
          fail(run, state, step, cause, failed.kind(), failed.error(), report, log);
      // A call stopped from outside is recorded as interrupted, without usage (it did not finish).
      case AttemptOutcome.Stopped stopped -> stopped(run, state, step, cause, stopped, log);
    }
  }

  private void complete(
      JobLoop run,
      JobState state,
      StepState step,
      RecordedEvent cause,
      AgentResult result,
      CallReport report,
      AgentLog log) {
    try {
      Handled handled =
          run.send(
              new JobCommand.CompleteAttempt(
                  step.id(), step.attempt(), result, report.usage(), commands.now()),
              cause,
              report.agent());
      noteEnd(handled, log);
    } catch (JobRejected rejected) {
      if (rejected.reason() == RejectionReason.WRONG_RESULT_FOR_ROLE) {
        // The agent answered, but not with something the step can use: a failed attempt.
        fail(run, state, step, cause, FailureKind.ERROR, rejected.getMessage(), report, log);
        return;
      }
      throw rejected;
    }
  }

  /**
   * Records a reused output as the attempt's outcome: no agent was called, so nothing can fail or
   * be lost here; if the database is away the attempt is recovered later and looked up again.
   */
  void reused(
      JobLoop run,
      StepState step,
      RecordedEvent cause,
      RecordedOutputs.Reusable reusable,
      AgentLog log) {
    Handled handled =
        run.send(
            new JobCommand.CompleteAttempt(
                step.id(),
                step.attempt(),
                reusable.result(),
                reusable.usage(),
                reusable.from(),
                commands.now()),
            cause);
    log.info(
        "reused the output recorded in job "
            + reusable.from().jobId()
            + " at version "
            + reusable.from().version()
            + " (same role, iteration, agent and input): no agent call");
    noteEnd(handled, log);
  }

  private void stopped(
      JobLoop run,
      JobState state,
      StepState step,
      RecordedEvent cause,
      AttemptOutcome.Stopped stopped,
      AgentLog log) {
    StopReason reason = stopped.reason();
    log.warn("agent call stopped: " + reason.description());
    switch (reason) {
      // The cancel (or the instance that took over) already closed the attempt; a lost lease
      // leaves it to the new owner, which recovers it.
      case CANCELLED, SUPERSEDED, LEASE_LOST -> {}
      case PAUSED ->
          fail(
              run,
              state,
              step,
              cause,
              FailureKind.INTERRUPTED,
              "interrupted: the job was paused",
              null,
              log);
      case SHUTDOWN ->
          fail(
              run,
              state,
              step,
              cause,
              FailureKind.INTERRUPTED,
              "interrupted: instance " + instanceId + " is stopping",
              null,
              log);
    }
  }

  private void fail(
      JobLoop run,
      JobState state,
      StepState step,
      RecordedEvent cause,
      FailureKind kind,
      String error,
      @Nullable CallReport report,
      AgentLog log) {
    Duration delay = retryDelay(state.limits(), step.attempt() + 1);
    Handled handled =
        run.send(
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
  }

  /**
   * The wait before a retry: the job's exponential backoff ({@link JobLimits#backoffBeforeAttempt})
   * times a random factor in {@code [1 - jitter, 1 + jitter]}, so retries of many jobs that failed
   * together spread out; never more than the job's maximum backoff.
   */
  private Duration retryDelay(JobLimits limits, int nextAttempt) {
    long base = limits.backoffBeforeAttempt(nextAttempt);
    if (base == 0 || retryJitter == 0) {
      return Duration.ofMillis(base);
    }
    double factor = 1 - retryJitter + ThreadLocalRandom.current().nextDouble() * 2 * retryJitter;
    return Duration.ofMillis(Math.min(Math.round(base * factor), limits.backoffMaxMs()));
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
