package io.jobtrail.domain.job;

/** Why a command does not fit the job's state. Stable: the API exposes these names. */
public enum RejectionReason {
  INVALID_INPUT,
  JOB_ALREADY_EXISTS,
  JOB_NOT_FOUND,
  ALREADY_STARTED,
  NOT_STARTED,
  ALREADY_PAUSED,
  NOT_PAUSED,
  JOB_FINISHED,
  STEP_IN_FLIGHT,
  NO_STEP_IN_FLIGHT,
  UNKNOWN_STEP,
  STALE_ATTEMPT,
  WRONG_RESULT_FOR_ROLE,
  RETRY_NOT_DUE,
  NOTHING_TO_RUN
}
