package io.jobtrail.domain.job;

/** The critique's answer. */
public enum Verdict {
  APPROVED,
  CHANGES_REQUESTED
}
