package io.jobtrail.domain.job;

/** Where a job may wait for an operator's decision. */
public enum ApprovalGate {
  /** After the planner made a plan, before the coder starts on it: the plan is approved. */
  AFTER_PLAN,
  /** After the critique approved the artifact, before the job completes: the result is approved. */
  BEFORE_COMPLETE
}
