package io.jobtrail.domain.job;

import org.jspecify.annotations.Nullable;

/**
 * A job's totals over every agent call recorded with usage: tokens, cost, and the time spent in
 * agent calls. {@code costUsd} sums the calls whose cost is known; it is null while none is, and
 * {@code unpricedCalls} counts the calls whose cost is unknown (so a total is never mistaken for a
 * complete one).
 */
public record JobUsage(
    long promptTokens,
    long completionTokens,
    long totalTokens,
    @Nullable Double costUsd,
    long agentTimeMs,
    int calls,
    int unpricedCalls) {

  public static final JobUsage NONE = new JobUsage(0, 0, 0, null, 0, 0, 0);

  /** These totals with one more call. */
  public JobUsage plus(AgentUsage usage) {
    AgentUsage.Tokens tokens = usage.tokens();
    Double cost = costUsd;
    if (usage.costUsd() != null) {
      cost = roundUsd((cost == null ? 0.0 : cost) + usage.costUsd());
    }
    return new JobUsage(
        promptTokens + (tokens == null ? 0 : tokens.prompt()),
        completionTokens + (tokens == null ? 0 : tokens.completion()),
        totalTokens + (tokens == null ? 0 : tokens.total()),
        cost,
        agentTimeMs + usage.latencyMs(),
        calls + 1,
        unpricedCalls + (usage.costUsd() == null ? 1 : 0));
  }

  /** Amounts are kept to a billionth of a dollar, so sums do not drift in the last digits. */
  public static double roundUsd(double amount) {
    return Math.round(amount * 1e9) / 1e9;
  }
}
