package io.jobtrail.domain.job;

import org.jspecify.annotations.Nullable;

/** A spending limit of a job's {@link JobLimits}, named as its field is. */
public enum Budget {
  MAX_TOTAL_TOKENS("maxTotalTokens"),
  MAX_COST_USD("maxCostUsd");

  private final String field;

  Budget(String field) {
    this.field = field;
  }

  /** The name of the limit, as in {@link JobLimits} and the API. */
  public String field() {
    return field;
  }

  /** The first budget of {@code limits} that {@code usage} is over, or null. */
  static @Nullable Budget exceeded(JobLimits limits, JobUsage usage) {
    if (limits.maxTotalTokens() != null && usage.totalTokens() > limits.maxTotalTokens()) {
      return MAX_TOTAL_TOKENS;
    }
    if (limits.maxCostUsd() != null
        && usage.costUsd() != null
        && usage.costUsd() > limits.maxCostUsd()) {
      return MAX_COST_USD;
    }
    return null;
  }

  double limit(JobLimits limits) {
    return switch (this) {
      case MAX_TOTAL_TOKENS -> (double) limits.maxTotalTokens();
      case MAX_COST_USD -> limits.maxCostUsd();
    };
  }

  double used(JobUsage usage) {
    return switch (this) {
      case MAX_TOTAL_TOKENS -> usage.totalTokens();
      case MAX_COST_USD -> usage.costUsd() == null ? 0.0 : usage.costUsd();
    };
  }

  /** "budget maxCostUsd exceeded: 0.00027 USD used, the limit is 0.0002 USD". */
  public String describe(double limit, double used) {
    return switch (this) {
      case MAX_TOTAL_TOKENS ->
          "budget maxTotalTokens exceeded: "
              + (long) used
              + " tokens used, the limit is "
              + (long) limit;
      case MAX_COST_USD ->
          "budget maxCostUsd exceeded: "
              + plain(used)
              + " USD used, the limit is "
              + plain(limit)
              + " USD";
    };
  }

  private static String plain(double amount) {
    return java.math.BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString();
  }
}
