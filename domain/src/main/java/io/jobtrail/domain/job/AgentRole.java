package io.jobtrail.domain.job;

/** The three roles of the pipeline, in the order they first run. */
public enum AgentRole {
  PLANNER,
  CODER,
  CRITIQUE
}
