package io.jobtrail.domain.job;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a job waits for an operator's approval ({@code afterPlan}, {@code beforeComplete}), and,
 * when {@code timeoutMs} is set, what happens if nobody decides within it ({@code onTimeout}). A
 * job created before approvals existed has {@link #NONE}: it never waits.
 */
public record ApprovalPolicy(
    boolean afterPlan,
    boolean beforeComplete,
    @Nullable Long timeoutMs,
    ApprovalTimeoutAction onTimeout) {

  public static final ApprovalPolicy NONE =
      new ApprovalPolicy(false, false, null, ApprovalTimeoutAction.FAIL);

  /** The shortest timeout accepted. */
  public static final long MIN_TIMEOUT_MS = 100;

  /** The longest timeout accepted: 30 days. */
  public static final long MAX_TIMEOUT_MS = 2_592_000_000L;

  public ApprovalPolicy {
    Objects.requireNonNull(onTimeout, "onTimeout");
    if (timeoutMs != null && (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS)) {
      throw new IllegalArgumentException(
          "timeoutMs must be between " + MIN_TIMEOUT_MS + " and " + MAX_TIMEOUT_MS + " (30 days)");
    }
  }

  /** Whether the job waits for a decision at {@code gate}. */
  public boolean requires(ApprovalGate gate) {
    return switch (gate) {
      case AFTER_PLAN -> afterPlan;
      case BEFORE_COMPLETE -> beforeComplete;
    };
  }

  /** Whether the job ever waits. */
  public boolean any() {
    return afterPlan || beforeComplete;
  }
}
