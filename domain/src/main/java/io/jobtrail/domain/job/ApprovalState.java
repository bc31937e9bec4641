package io.jobtrail.domain.job;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One approval the job asked for: at which gate, for which step's result (the plan of {@code plan},
 * or the artifact the critique of {@code critique-N} approved), since when, until when a decision
 * is due ({@code deadline}, null without a timeout or while paused), and the decision once made.
 */
public record ApprovalState(
    ApprovalGate gate,
    StepId stepId,
    Instant requestedAt,
    @Nullable Instant deadline,
    @Nullable Decision decision) {

  /** Who decided what, when, and with which comment. */
  public record Decision(boolean approved, String actor, @Nullable String comment, Instant at) {
    /** Whether nobody decided in time and the policy's timeout action decided. */
    public boolean timedOut() {
      return actor.equals(JobDecider.APPROVAL_TIMEOUT_ACTOR);
    }
  }

  public boolean pending() {
    return decision == null;
  }

  ApprovalState withDeadline(@Nullable Instant deadline) {
    return new ApprovalState(gate, stepId, requestedAt, deadline, decision);
  }

  ApprovalState decided(Decision decision) {
    return new ApprovalState(gate, stepId, requestedAt, null, decision);
  }
}
