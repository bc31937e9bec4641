package io.jobtrail.domain.job;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one agent call used: the model that answered (as the agent reported it, not only the one
 * asked for), the call's parameters (temperature, max tokens, ...), its token counts when the agent
 * reported them, how long the call took, and its cost from the price table. {@code costUsd} is null
 * when the cost is unknown (no token counts, or a model the price table does not list): never a
 * guessed zero.
 */
public record AgentUsage(
    @Nullable String model,
    Map<String, Object> parameters,
    @Nullable Tokens tokens,
    long latencyMs,
    @Nullable Double costUsd) {

  public AgentUsage {
    parameters = JsonValues.object(parameters);
    if (latencyMs < 0) {
      throw new IllegalArgumentException("latencyMs must not be negative");
    }
    if (costUsd != null && (costUsd.isNaN() || costUsd.isInfinite() || costUsd < 0)) {
      throw new IllegalArgumentException("costUsd must be a finite, non-negative amount");
    }
  }

  /** Token counts as the model reported them. */
  public record Tokens(long prompt, long completion, long total) {
    public Tokens {
      if (prompt < 0 || completion < 0 || total < 0) {
        throw new IllegalArgumentException("token counts must not be negative");
      }
    }

    /** Counts whose total is the sum of the parts. */
    public static Tokens of(long prompt, long completion) {
      return new Tokens(prompt, completion, prompt + completion);
    }
  }

  /** The same usage, priced (or unpriced: null). */
  public AgentUsage withCost(@Nullable Double costUsd) {
    return new AgentUsage(model, parameters, tokens, latencyMs, costUsd);
  }

  /** The same usage with the call's measured latency. */
  public AgentUsage withLatency(long latencyMs) {
    return new AgentUsage(model, parameters, tokens, latencyMs, costUsd);
  }
}
