package io.jobtrail.domain.job;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How far a job may go: critique iterations, attempts per step, the step timeout, the retry backoff
 * (exponential from {@code backoffInitialMs}, capped at {@code backoffMaxMs}), and the optional
 * budgets over all its agent calls ({@code maxTotalTokens}, {@code maxCostUsd}) with what happens
 * when an attempt takes the job over one ({@code onBudgetExceeded}).
 */
public record JobLimits(
    int maxIterations,
    int maxAttempts,
    long stepTimeoutMs,
    long backoffInitialMs,
    long backoffMaxMs,
    @Nullable Long maxTotalTokens,
    @Nullable Double maxCostUsd,
    BudgetAction onBudgetExceeded) {

  public static final JobLimits DEFAULT = new JobLimits(3, 3, 300_000, 500, 30_000);

  /** The largest token budget accepted (2^53, which every JSON reader keeps exact). */
  public static final long MAX_TOKEN_BUDGET = 9_007_199_254_740_992L;

  /** The largest cost budget accepted, in USD. */
  public static final double MAX_COST_BUDGET = 1_000_000;

  /** Limits without budgets. */
  public JobLimits(
      int maxIterations,
      int maxAttempts,
      long stepTimeoutMs,
      long backoffInitialMs,
      long backoffMaxMs) {
    this(
        maxIterations,
        maxAttempts,
        stepTimeoutMs,
        backoffInitialMs,
        backoffMaxMs,
        null,
        null,
        BudgetAction.FAIL);
  }

  public JobLimits {
    require(maxIterations >= 1 && maxIterations <= 50, "maxIterations must be between 1 and 50");
    require(maxAttempts >= 1 && maxAttempts <= 20, "maxAttempts must be between 1 and 20");
    require(
        stepTimeoutMs >= 10 && stepTimeoutMs <= 86_400_000,
        "stepTimeoutMs must be between 10 and 86400000 (one day)");
    require(
        backoffInitialMs >= 0 && backoffInitialMs <= 3_600_000,
        "backoffInitialMs must be between 0 and 3600000");
    require(
        backoffMaxMs >= backoffInitialMs && backoffMaxMs <= 3_600_000,
        "backoffMaxMs must be at least backoffInitialMs and at most 3600000");
    require(
        maxTotalTokens == null || (maxTotalTokens >= 1 && maxTotalTokens <= MAX_TOKEN_BUDGET),
        "maxTotalTokens must be between 1 and " + MAX_TOKEN_BUDGET);
    require(
        maxCostUsd == null || (maxCostUsd > 0 && maxCostUsd <= MAX_COST_BUDGET),
        "maxCostUsd must be more than 0 and at most 1000000");
    Objects.requireNonNull(onBudgetExceeded, "onBudgetExceeded");
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** These limits with the given budgets instead of their own. */
  public JobLimits withBudgets(
      @Nullable Long maxTotalTokens, @Nullable Double maxCostUsd, BudgetAction onBudgetExceeded) {
    return new JobLimits(
        maxIterations,
        maxAttempts,
        stepTimeoutMs,
        backoffInitialMs,
        backoffMaxMs,
        maxTotalTokens,
        maxCostUsd,
        onBudgetExceeded);
  }

  /** The un-jittered delay before attempt {@code nextAttempt} (2, 3, ...). */
  public long backoffBeforeAttempt(int nextAttempt) {
    int exponent = Math.max(0, Math.min(nextAttempt - 2, 30));
    long delay = backoffInitialMs * (1L << exponent);
    return Math.min(delay, backoffMaxMs);
  }
}
