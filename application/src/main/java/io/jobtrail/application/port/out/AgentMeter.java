package io.jobtrail.application.port.out;

import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.JsonValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an agent reports about its call beside the result: the model that answered, the call's
 * parameters, the token counts, and what names where it ran (for the event's environment). An agent
 * reports what it knows, also before it throws {@link AgentFailure}; the orchestrator adds the
 * latency it measured and the cost from the price table, and records it with the outcome.
 */
public final class AgentMeter {

  private @Nullable String model;
  private Map<String, Object> parameters = Map.of();
  private AgentUsage.@Nullable Tokens tokens;
  private final Map<String, Object> environment = new LinkedHashMap<>();

  /**
   * The model that answered (as the response names it) and the parameters the call was made with.
   */
  public synchronized void model(@Nullable String model, Map<String, ?> parameters) {
    this.model = model == null || model.isBlank() ? null : model;
    this.parameters = JsonValues.object(parameters);
  }

  /** The token counts the model reported. */
  public synchronized void tokens(long prompt, long completion, long total) {
    this.tokens = new AgentUsage.Tokens(prompt, completion, total);
  }

  /** Something that names where the call ran (e.g. {@code executable}, {@code exitStatus}). */
  public synchronized void environment(String key, Object value) {
    environment.put(key, value);
  }

  /**
   * The usage of the call as reported, with the latency measured (cost not yet known). An agent
   * that reported nothing gives a usage of its latency only.
   */
  public synchronized AgentUsage usage(long latencyMs) {
    return new AgentUsage(model, parameters, tokens, latencyMs, null);
  }

  /** What the agent reported about where it ran (empty if nothing). */
  public synchronized Map<String, Object> environment() {
    return JsonValues.object(environment);
  }
}
