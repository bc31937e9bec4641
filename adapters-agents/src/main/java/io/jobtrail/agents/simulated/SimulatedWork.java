package io.jobtrail.agents.simulated;

import io.jobtrail.domain.job.AgentInput;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.Verdict;
import java.util.List;
import java.util.SplittableRandom;

/** What the simulated agent "produces": short, readable, deterministic text for each role. */
final class SimulatedWork {

  private static final List<String> PLAN_STEPS =
      List.of(
          "Restate the task and its edge cases",
          "Sketch the interface",
          "Write the simplest version that works",
          "Cover the edge cases with tests",
          "Refactor for clarity",
          "Document the behaviour");

  private static final List<String> REQUESTS =
      List.of(
          "cover the empty input",
          "add a test for very long input",
          "name things for what they do",
          "handle invalid input with a clear error",
          "remove the duplicated branch");

  private SimulatedWork() {}

  static AgentResult.Plan plan(AgentInput input, SplittableRandom random) {
    var plan = new StringBuilder("Plan for: ").append(firstLine(input.task())).append('\n');
    int steps = 3 + random.nextInt(3);
    int offset = random.nextInt(PLAN_STEPS.size());
    for (int i = 0; i < steps; i++) {
      plan.append(i + 1).append(". ").append(PLAN_STEPS.get((offset + i) % PLAN_STEPS.size()));
      plan.append('\n');
    }
    return new AgentResult.Plan(plan.toString().strip());
  }

  static AgentResult.Artifact artifact(AgentInput input, SplittableRandom random) {
    var artifact =
        new StringBuilder("// Simulated artifact, iteration ")
            .append(input.iteration())
            .append(", build ")
            .append(Integer.toHexString(random.nextInt(0x10000, 0x100000)))
            .append("\n// Task: ")
            .append(firstLine(input.task()));
    if (input.feedback() != null && !input.feedback().isBlank()) {
      artifact.append("\n// Addresses: ").append(firstLine(input.feedback()));
    }
    return new AgentResult.Artifact(artifact.toString());
  }

  static AgentResult.Review review(AgentInput input, Verdict verdict, SplittableRandom random) {
    String feedback =
        switch (verdict) {
          case APPROVED -> "Approved: iteration " + input.iteration() + " follows the plan.";
          case CHANGES_REQUESTED ->
              "Changes requested in iteration "
                  + input.iteration()
                  + ": "
                  + REQUESTS.get(random.nextInt(REQUESTS.size()))
                  + ".";
        };
    return new AgentResult.Review(verdict, feedback);
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() <= 120 ? line : line.substring(0, 120) + "…";
  }
}
