package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One agent call in progress. It runs on a virtual thread of its own and the job's loop waits for
 * it at most the step timeout, so an agent that ignores interrupts never holds the loop. It can be
 * stopped from outside with a reason (the first wins): that fires the call's {@code
 * AgentCancellation} (the command agent kills its process tree) and interrupts the agent's thread.
 *
 * <p>The control watch: {@link #watch} reads the job's events recorded since the call began and
 * stops the call on a cancel, a pause in {@link PauseMode#INTERRUPT}, or its attempt closed by
 * another instance, so a command sent to any instance reaches the agent.
 */
final class AgentInvocation {

  private static final int PAGE = 100;

  private final AgentCall call;
  private final FutureTask<AgentResult> future;
  private @Nullable StopReason stopReason;
  private volatile long watchedVersion;

  private AgentInvocation(AgentCall call, FutureTask<AgentResult> future, long startedAtVersion) {
    this.call = call;
    this.future = future;
    this.watchedVersion = startedAtVersion;
  }

  /**
   * The call, not yet started ({@link #start}); {@code startedAtVersion} is its Started event's.
   * Its loop publishes it first, so that a command that comes once the agent runs always finds it.
   */
  static AgentInvocation of(AgentRuntime runtime, AgentCall call, long startedAtVersion) {
    var task = new FutureTask<>(Context.current().wrap(() -> runtime.run(call)));
    return new AgentInvocation(call, task, startedAtVersion);
  }

  /** Runs the agent on its own thread (not at all if the call was stopped already). */
  void start(ExecutorService threads) {
    threads.execute(future);
  }

  /**
   * Waits for the call to end, at most its timeout. Interrupting the waiting thread (the instance
   * halts) stops the agent too and is passed on.
   */
  AttemptOutcome await() throws InterruptedException {
    try {
      return new AttemptOutcome.Succeeded(
          future.get(call.timeout().toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      call.cancellation().cancel("timed out");
      future.cancel(true);
      return stoppedOr(
          new AttemptOutcome.Failed(
              FailureKind.TIMEOUT,
              "timed out after " + call.timeout().toMillis() + " ms (the step timeout)"));
    } catch (CancellationException e) {
      return stoppedOr(
          new AttemptOutcome.Failed(FailureKind.ERROR, "the agent call was cancelled"));
    } catch (ExecutionException e) {
      return stoppedOr(failure(e.getCause()));
    } catch (InterruptedException e) {
      stop(StopReason.SHUTDOWN);
      throw e;
    }
  }

  /** Stops the call (the first reason wins): fires its cancellation and interrupts its thread. */
  void stop(StopReason reason) {
    synchronized (this) {
      if (stopReason != null) {
        return;
      }
      stopReason = reason;
    }
    call.cancellation().cancel(reason.description());
    future.cancel(true);
  }

  /** The job's version up to which this call has read its events. */
  long watchedVersion() {
    return watchedVersion;
  }

  /** Stops the call if the job's events recorded since it began say so. */
  void watch(JobEventStore events, PauseMode pauseMode) {
    List<RecordedEvent> newer = events.readStream(call.jobId(), watchedVersion, PAGE);
    StopReason reason = null;
    for (RecordedEvent recorded : newer) {
      reason = strongest(reason, reasonToStop(recorded.event(), pauseMode));
      watchedVersion = Math.max(watchedVersion, recorded.version());
    }
    if (reason != null) {
      stop(reason);
    }
  }

  /** A call stopped from outside ends as stopped, whatever the agent made of its interruption. */
  private AttemptOutcome stoppedOr(AttemptOutcome otherwise) {
    StopReason reason;
    synchronized (this) {
      reason = stopReason;
    }
    return reason != null ? new AttemptOutcome.Stopped(reason) : otherwise;
  }

  private @Nullable StopReason reasonToStop(JobEvent event, PauseMode pauseMode) {
    return switch (event) {
      case JobEvent.JobCancelled cancelled -> StopReason.CANCELLED;
      case JobEvent.JobPaused paused -> pauseMode == PauseMode.INTERRUPT ? StopReason.PAUSED : null;
      case JobEvent.JobStepFailed failed ->
          failed.stepId().equals(call.stepId()) && failed.attempt() == call.attempt()
              ? StopReason.SUPERSEDED
              : null;
      // Listed, not defaulted: a new event type must be weighed here before it compiles.
      case JobEvent.JobCreated e -> null;
      case JobEvent.JobStarted e -> null;
      case JobEvent.JobResumed e -> null;
      case JobEvent.JobCompleted e -> null;
      case JobEvent.JobFailed e -> null;
      case JobEvent.JobStepStarted e -> null;
      case JobEvent.JobStepCompleted e -> null;
      case JobEvent.JobStepRetryScheduled e -> null;
      case JobEvent.PlannerStarted e -> null;
      case JobEvent.PlannerCompleted e -> null;
      case JobEvent.CoderStarted e -> null;
      case JobEvent.CoderCompleted e -> null;
      case JobEvent.CritiqueStarted e -> null;
      case JobEvent.CritiqueCompleted e -> null;
      // Decided with an attempt's outcome, when no call is running.
      case JobEvent.JobBudgetExceeded e -> null;
      // Approvals are asked and decided between steps, when no call is running.
      case JobEvent.ApprovalRequested e -> null;
      case JobEvent.ApprovalGranted e -> null;
      case JobEvent.ApprovalRejected e -> null;
      case JobEvent.ApprovalTimedOut e -> null;
    };
  }

  /** A cancel explains a closed attempt better than "closed elsewhere" (it closes it too). */
  private static @Nullable StopReason strongest(@Nullable StopReason a, @Nullable StopReason b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.ordinal() <= b.ordinal() ? a : b;
  }

  private static AttemptOutcome failure(Throwable cause) {
    return switch (cause) {
      case AgentFailure failure -> new AttemptOutcome.Failed(failure.kind(), message(failure));
      case InterruptedException interrupted ->
          new AttemptOutcome.Failed(FailureKind.ERROR, "the agent was interrupted");
      default -> new AttemptOutcome.Failed(FailureKind.ERROR, "the agent failed: " + cause);
    };
  }

  private static String message(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.toString() : message;
  }
}
