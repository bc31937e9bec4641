package io.jobtrail.domain.job;

/**
 * How a replay treats the steps after its fork point: run every one live ({@link #NONE}, as forks
 * always did), or take the recorded output of a step of the original whose input is unchanged (same
 * role, iteration, agent spec and input document) instead of calling its agent again.
 */
public enum ReuseMode {
  NONE,
  UNCHANGED_INPUTS
}
