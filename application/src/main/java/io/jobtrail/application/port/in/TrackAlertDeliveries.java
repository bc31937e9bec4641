package io.jobtrail.application.port.in;

import io.jobtrail.application.alert.AlertDelivery;
import io.jobtrail.application.alert.DeliveryFilter;
import io.jobtrail.application.alert.DeliveryState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The delivery log of the alert rules, and sending a delivery again. */
public interface TrackAlertDeliveries {

  /** Newest first, after the delivery with sequence {@code beforeSequence} when given. */
  List<AlertDelivery> deliveries(DeliveryFilter filter, @Nullable Long beforeSequence, int limit);

  Optional<AlertDelivery> delivery(UUID id);

  /**
   * Sends a dead (or delivered) delivery again, with a fresh allowance of attempts; empty if there
   * is no such delivery.
   *
   * @throws IllegalArgumentException if it is still open or was cancelled
   */
  Optional<AlertDelivery> redeliver(UUID id, String userId);

  Map<DeliveryState, Long> countByState(UUID ruleId);
}
