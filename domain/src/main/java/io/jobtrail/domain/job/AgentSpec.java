package io.jobtrail.domain.job;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which agent runs a role ({@code simulated}, {@code command}, {@code openai}) and its settings.
 */
public record AgentSpec(String kind, Map<String, Object> settings) {

  private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  public static final AgentSpec SIMULATED = new AgentSpec("simulated", Map.of());

  public AgentSpec {
    Objects.requireNonNull(kind, "agent kind");
    if (!KIND.matcher(kind).matches()) {
      throw new IllegalArgumentException(
          "'" + kind + "' is not an agent kind: use lower-case letters, e.g. simulated");
    }
    settings = JsonValues.object(settings);
  }
}
