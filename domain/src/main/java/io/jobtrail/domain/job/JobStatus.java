package io.jobtrail.domain.job;

/**
 * {@code PENDING → RUNNING ⇄ PAUSED → COMPLETED | FAILED | CANCELLED}; a job whose approval policy
 * asks for one goes {@code RUNNING → AWAITING_APPROVAL → RUNNING} (and may be paused or cancelled
 * while it waits).
 */
public enum JobStatus {
  PENDING,
  RUNNING,
  PAUSED,
  AWAITING_APPROVAL,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
