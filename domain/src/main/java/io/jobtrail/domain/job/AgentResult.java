package io.jobtrail.domain.job;

import java.util.Objects;

/** What an agent returns, one shape per role. */
public sealed interface AgentResult {

  AgentRole role();

  record Plan(String plan) implements AgentResult {
    public Plan {
      Objects.requireNonNull(plan, "plan");
    }

    @Override
    public AgentRole role() {
      return AgentRole.PLANNER;
    }
  }

  record Artifact(String artifact) implements AgentResult {
    public Artifact {
      Objects.requireNonNull(artifact, "artifact");
    }

    @Override
    public AgentRole role() {
      return AgentRole.CODER;
    }
  }

  record Review(Verdict verdict, String feedback) implements AgentResult {
    public Review {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(feedback, "feedback");
    }

    @Override
    public AgentRole role() {
      return AgentRole.CRITIQUE;
    }
  }
}
