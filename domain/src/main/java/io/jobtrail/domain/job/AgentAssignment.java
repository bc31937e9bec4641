package io.jobtrail.domain.job;

import java.util.Objects;

/** The agent configured for each role of a job. */
public record AgentAssignment(AgentSpec planner, AgentSpec coder, AgentSpec critique) {

  public static final AgentAssignment ALL_SIMULATED =
      new AgentAssignment(AgentSpec.SIMULATED, AgentSpec.SIMULATED, AgentSpec.SIMULATED);

  public AgentAssignment {
    Objects.requireNonNull(planner, "planner agent");
    Objects.requireNonNull(coder, "coder agent");
    Objects.requireNonNull(critique, "critique agent");
  }

  public AgentSpec forRole(AgentRole role) {
    return switch (role) {
      case PLANNER -> planner;
      case CODER -> coder;
      case CRITIQUE -> critique;
    };
  }
}
