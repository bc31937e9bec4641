package io.jobtrail.domain.job;

/** Where a step stands: an attempt is running, a retry waits, or it ended. */
public enum StepStatus {
  RUNNING,
  RETRY_SCHEDULED,
  SUCCEEDED,
  FAILED
}
