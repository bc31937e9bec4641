package io.jobtrail.application.orchestrator;

import io.jobtrail.application.port.out.AgentCancellation;
import io.jobtrail.domain.job.StepId;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * An agent call in progress: the attempt it serves, how to stop it, and how far the control watch
 * has read the job's log since the call began.
 */
final class ActiveCall {

  private final StepId stepId;
  private final int attempt;
  private final AgentCancellation cancellation;
  private @Nullable Future<?> future;
  private @Nullable StopReason stopReason;
  private volatile long watchedVersion;

  ActiveCall(StepId stepId, int attempt, AgentCancellation cancellation, long startedAtVersion) {
    this.stepId = stepId;
    this.attempt = attempt;
    this.cancellation = cancellation;
    this.watchedVersion = startedAtVersion;
  }

  StepId stepId() {
    return stepId;
  }

  int attempt() {
    return attempt;
  }

  long watchedVersion() {
    return watchedVersion;
  }

  void watchedUpTo(long version) {
    watchedVersion = Math.max(watchedVersion, version);
  }

  /** Binds the running call; if it was stopped already, it is cancelled at once. */
  void attach(Future<?> running) {
    boolean stopNow;
    synchronized (this) {
      future = running;
      stopNow = stopReason != null;
    }
    if (stopNow) {
      running.cancel(true);
    }
  }

  /** Stops the call (the first reason wins): fires its cancellation and interrupts its thread. */
  void stop(StopReason reason) {
    Future<?> running;
    synchronized (this) {
      if (stopReason != null) {
        return;
      }
      stopReason = reason;
      running = future;
    }
    cancellation.cancel(reason.description());
    if (running != null) {
      running.cancel(true);
    }
  }

  synchronized @Nullable StopReason stopReason() {
    return stopReason;
  }
}
