package io.jobtrail.domain.job;

/** What the job does when nobody decides on an approval within its policy's timeout. */
public enum ApprovalTimeoutAction {
  /** As if approved (by {@link JobDecider#APPROVAL_TIMEOUT_ACTOR}). */
  APPROVE,
  /** As if rejected, with a comment saying that nobody decided: the step runs again. */
  REJECT,
  /** The job fails. */
  FAIL
}
