package io.jobtrail.domain.job;

/** Why an attempt failed, which decides whether it is retried and whether it counts. */
public enum FailureKind {
  /** The agent reported an error; retried while attempts remain. */
  ERROR,
  /** The attempt ran past the step timeout; retried while attempts remain. */
  TIMEOUT,
  /** The agent says retrying cannot help; the job fails at once. */
  FATAL,
  /**
   * The attempt was stopped from outside (pause, lost lease, replay); it is run again and does not
   * count against the attempt limit.
   */
  INTERRUPTED;

  public boolean countsTowardLimit() {
    return this != INTERRUPTED;
  }
}
