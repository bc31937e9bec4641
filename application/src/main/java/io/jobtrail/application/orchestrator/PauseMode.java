package io.jobtrail.application.orchestrator;

/** What a pause does to an agent call that is running when it arrives. */
public enum PauseMode {
  /**
   * The call finishes and its result is recorded; the job stops before its next step. Nothing is
   * thrown away, but the pause may take as long as the running step.
   */
  AT_STEP_BOUNDARY,
  /**
   * The call is interrupted at once and its attempt recorded as {@code INTERRUPTED}; on resume the
   * step runs again as a new attempt (which does not count against the attempt limit).
   */
  INTERRUPT
}
