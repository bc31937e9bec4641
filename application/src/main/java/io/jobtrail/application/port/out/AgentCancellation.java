package io.jobtrail.application.port.out;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Tells a running agent call to stop (the job was cancelled or paused, the step timed out, the
 * instance is stopping). The orchestrator cancels it and also interrupts the call's thread; an
 * agent that holds something the interrupt does not reach (a child process, an HTTP exchange)
 * registers {@link #onCancel} to release it.
 */
public final class AgentCancellation {

  private @Nullable String reason;
  private final List<Runnable> callbacks = new ArrayList<>();

  /** Cancels the call; the first reason wins. Returns whether this call cancelled it. */
  public boolean cancel(String why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return false;
      }
      reason = why;
      toRun = List.copyOf(callbacks);
      callbacks.clear();
    }
    toRun.forEach(Runnable::run);
    return true;
  }

  public synchronized boolean isCancelled() {
    return reason != null;
  }

  public synchronized @Nullable String reason() {
    return reason;
  }

  /** Runs {@code callback} when the call is cancelled, or at once if it already is. */
  public void onCancel(Runnable callback) {
    synchronized (this) {
      if (reason == null) {
        callbacks.add(callback);
        return;
      }
    }
    callback.run();
  }
}
