package io.jobtrail.application.port.in;

import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.ApprovalPolicy;
import io.jobtrail.domain.job.JobLimits;
import java.util.Map;

/**
 * What a person asks for when creating a job; {@code approval} where it waits for an operator,
 * {@code start} starts it right away.
 */
public record NewJob(
    String name,
    String task,
    Map<String, Object> parameters,
    AgentAssignment agents,
    JobLimits limits,
    ApprovalPolicy approval,
    boolean start) {

  /** A job that never waits for an approval. */
  public NewJob(
      String name,
      String task,
      Map<String, Object> parameters,
      AgentAssignment agents,
      JobLimits limits,
      boolean start) {
    this(name, task, parameters, agents, limits, ApprovalPolicy.NONE, start);
  }
}
