package io.jobtrail.application.port.out;

import io.jobtrail.application.alert.AlertDelivery;
import io.jobtrail.application.alert.ClaimedDelivery;
import io.jobtrail.application.alert.DeliveryAttempt;
import io.jobtrail.application.alert.DeliveryFilter;
import io.jobtrail.application.alert.DeliveryState;
import io.jobtrail.application.alert.NewDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The delivery queue and its log. A delivery is claimed for one attempt at a time: claiming counts
 * the attempt and hides the delivery until {@code claimFor} has passed, so if the claimer dies
 * another instance retries it then. Only the oldest open delivery of a rule for a job can be
 * claimed, which keeps each job's notifications in order.
 */
public interface AlertDeliveries {

  /** Queues the deliveries whose (rule, trigger key) is new; returns how many were queued. */
  int enqueue(List<NewDelivery> deliveries);

  /** Of {@code triggerKeys}, those the rule already has a delivery for. */
  Set<String> existingTriggers(UUID ruleId, Collection<String> triggerKeys);

  /**
   * Claims up to {@code limit} due deliveries (of rules not deleted), each the oldest open one of
   * its rule and job.
   */
  List<ClaimedDelivery> claimDue(Instant now, Duration claimFor, int limit);

  /** Claims the delivery now whatever its due time (a test delivery sent right away). */
  Optional<ClaimedDelivery> claim(UUID id, Instant now, Duration claimFor);

  /**
   * Logs the attempt and settles the delivery: delivered, dead (the last allowed attempt failed),
   * or retrying at {@code retryAt}. Ignored if the delivery was claimed again meanwhile.
   */
  void recordAttempt(UUID id, DeliveryAttempt attempt, boolean dead, @Nullable Instant retryAt);

  /** The earliest time an open delivery is due (null if none is open). */
  @Nullable Instant nextDue();

  Optional<AlertDelivery> find(UUID id);

  /** Newest first, starting after the delivery with sequence {@code beforeSequence} (if given). */
  List<AlertDelivery> list(DeliveryFilter filter, @Nullable Long beforeSequence, int limit);

  /**
   * Sends a dead (or delivered) delivery again: open, due now, allowed {@code moreAttempts} more
   * attempts; false if it is open or cancelled.
   */
  boolean redeliver(UUID id, int moreAttempts, String by, Instant now);

  /** How many of the rule's deliveries are in each state. */
  Map<DeliveryState, Long> countByState(UUID ruleId);
}
