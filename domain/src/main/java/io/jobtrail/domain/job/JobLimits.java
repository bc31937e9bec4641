package io.jobtrail.domain.job;

/**
 * How far a job may go: critique iterations, attempts per step, the step timeout and the retry
 * backoff (exponential from {@code backoffInitialMs}, capped at {@code backoffMaxMs}).
 */
public record JobLimits(
    int maxIterations,
    int maxAttempts,
    long stepTimeoutMs,
    long backoffInitialMs,
    long backoffMaxMs) {

  public static final JobLimits DEFAULT = new JobLimits(3, 3, 300_000, 500, 30_000);

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
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** The un-jittered delay before attempt {@code nextAttempt} (2, 3, ...). */
  public long backoffBeforeAttempt(int nextAttempt) {
    int exponent = Math.max(0, Math.min(nextAttempt - 2, 30));
    long delay = backoffInitialMs * (1L << exponent);
    return Math.min(delay, backoffMaxMs);
  }
}
