package io.jobtrail.application.security;

/** What a caller may do; each role includes the ones before it. */
public enum Role {
  /** Reads and subscriptions. */
  VIEWER,
  /** Plus job commands and replay. */
  OPERATOR,
  /** Plus rebuilding projections. */
  ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }
}
