package io.jobtrail.domain.job;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A step of the pipeline: {@code plan}, then {@code code-1}, {@code critique-1}, {@code code-2},
 * ... The id says the role and the iteration, so two runs of the same job have comparable steps. A
 * plan an operator rejected is made again as {@code plan-1}, {@code plan-2}, ... (the planner's
 * iteration counts the rejections).
 */
public record StepId(String value) {

  private static final Pattern FORMAT =
      Pattern.compile("plan(-[1-9][0-9]{0,3})?|(code|critique)-[1-9][0-9]{0,3}");

  public StepId {
    Objects.requireNonNull(value, "step id");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "'" + value + "' is not a step id: expected plan, plan-N, code-N or critique-N");
    }
  }

  public static StepId of(AgentRole role, int iteration) {
    return switch (role) {
      case PLANNER -> new StepId(iteration == 0 ? "plan" : "plan-" + iteration);
      case CODER -> new StepId("code-" + iteration);
      case CRITIQUE -> new StepId("critique-" + iteration);
    };
  }

  @Override
  public String toString() {
    return value;
  }
}
