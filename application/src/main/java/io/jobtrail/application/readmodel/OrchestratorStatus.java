package io.jobtrail.application.readmodel;

import java.time.Instant;
import java.util.List;

/**
 * One instance's view of the orchestrator: whether it is accepting work, the jobs it holds leases
 * on ({@code activeJobs}), how many of those have an agent call running, how many wait for a free
 * worker, and every instance heard from within a lease's duration.
 */
public record OrchestratorStatus(
    String instanceId,
    boolean accepting,
    int activeJobs,
    int runningAttempts,
    int queuedJobs,
    List<OrchestratorInstance> instances,
    Instant timestamp) {

  public OrchestratorStatus {
    instances = List.copyOf(instances);
  }
}
