package io.jobtrail.application.port.out;

import io.jobtrail.domain.job.FailureKind;
import org.jspecify.annotations.Nullable;

/**
 * An attempt that failed, and whether trying again may help: {@link FailureKind#ERROR} (retried
 * while attempts remain), {@link FailureKind#TIMEOUT} (likewise) or {@link FailureKind#FATAL} (the
 * job fails at once).
 */
public final class AgentFailure extends Exception {

  private final FailureKind kind;

  private AgentFailure(FailureKind kind, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public static AgentFailure retryable(String message) {
    return new AgentFailure(FailureKind.ERROR, message, null);
  }

  public static AgentFailure retryable(String message, Throwable cause) {
    return new AgentFailure(FailureKind.ERROR, message, cause);
  }

  public static AgentFailure fatal(String message) {
    return new AgentFailure(FailureKind.FATAL, message, null);
  }

  public static AgentFailure timeout(String message) {
    return new AgentFailure(FailureKind.TIMEOUT, message, null);
  }

  public FailureKind kind() {
    return kind;
  }
}
