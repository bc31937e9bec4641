package io.jobtrail.application.orchestrator;

import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.FailureKind;
import io.opentelemetry.context.Context;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an agent call on its own (virtual) thread and waits for it at most the step timeout. The
 * waiting worker is never interrupted itself: a cancel, a pause in interrupt mode or a timeout
 * interrupts only the agent's thread, and the worker moves on even if the agent ignores it.
 */
final class AgentInvoker {

  private final AgentRuntime runtime;
  private final ExecutorService callThreads;

  AgentInvoker(AgentRuntime runtime, ExecutorService callThreads) {
    this.runtime = runtime;
    this.callThreads = callThreads;
  }

  AttemptOutcome invoke(AgentCall call, ActiveCall active) {
    Future<AgentResult> future =
        callThreads.submit(Context.current().wrap(() -> runtime.run(call)));
    active.attach(future);
    try {
      return new AttemptOutcome.Succeeded(
          future.get(call.timeout().toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      call.cancellation().cancel("timed out");
      future.cancel(true);
      return stoppedOr(
          active,
          new AttemptOutcome.Failed(
              FailureKind.TIMEOUT,
              "timed out after " + call.timeout().toMillis() + " ms (the step timeout)"));
    } catch (CancellationException e) {
      return stoppedOr(
          active, new AttemptOutcome.Failed(FailureKind.ERROR, "the agent call was cancelled"));
    } catch (ExecutionException e) {
      return stoppedOr(active, failure(e.getCause()));
    } catch (InterruptedException e) {
      // The worker itself is being shut down: stop the agent and let the caller see why.
      active.stop(StopReason.SHUTDOWN);
      Thread.currentThread().interrupt();
      return new AttemptOutcome.Stopped(StopReason.SHUTDOWN);
    }
  }

  /** A call stopped from outside ends as stopped, whatever the agent made of its interruption. */
  private static AttemptOutcome stoppedOr(ActiveCall active, AttemptOutcome otherwise) {
    StopReason reason = active.stopReason();
    return reason != null ? new AttemptOutcome.Stopped(reason) : otherwise;
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
