package io.jobtrail.domain.job;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an agent is given for one attempt: the task and parameters, the plan (coder, critique), the
 * artifact so far (coder: the previous one; critique: the one to review), the last feedback.
 */
public record AgentInput(
    String task,
    Map<String, Object> parameters,
    @Nullable String plan,
    @Nullable String artifact,
    @Nullable String feedback,
    int iteration) {

  public AgentInput {
    parameters = JsonValues.object(parameters);
  }
}
