package io.jobtrail.domain.job;

/** {@code PENDING → RUNNING ⇄ PAUSED → COMPLETED | FAILED | CANCELLED}. */
public enum JobStatus {
  PENDING,
  RUNNING,
  PAUSED,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
