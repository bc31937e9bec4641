package io.jobtrail.application.alert;

import io.jobtrail.application.port.in.TrackAlertDeliveries;
import io.jobtrail.application.port.out.AlertDeliveries;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The delivery log, and redelivery of a dead (or delivered) notification. */
public final class AlertDeliveryService implements TrackAlertDeliveries {

  private final AlertDeliveries deliveries;
  private final AlertDispatcher dispatcher;
  private final AlertSettings settings;
  private final Clock clock;

  public AlertDeliveryService(
      AlertDeliveries deliveries, AlertDispatcher dispatcher, AlertSettings settings, Clock clock) {
    this.deliveries = deliveries;
    this.dispatcher = dispatcher;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<AlertDelivery> deliveries(
      DeliveryFilter filter, @Nullable Long beforeSequence, int limit) {
    return deliveries.list(filter, beforeSequence, limit);
  }

  @Override
  public Optional<AlertDelivery> delivery(UUID id) {
    return deliveries.find(id);
  }

  @Override
  public Optional<AlertDelivery> redeliver(UUID id, String userId) {
    Optional<AlertDelivery> found = deliveries.find(id);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    DeliveryState state = found.get().state();
    if (state.open() || state == DeliveryState.CANCELLED) {
      throw new InvalidAlertInput(
          "id: delivery "
              + id
              + " is "
              + state
              + ": only a DEAD or DELIVERED delivery can be sent again");
    }
    int more = "TEST".equals(found.get().trigger()) ? 1 : settings.maxAttempts();
    if (!deliveries.redeliver(id, more, userId, clock.instant().truncatedTo(ChronoUnit.MICROS))) {
      throw new InvalidAlertInput(
          "id: delivery "
              + id
              + " changed meanwhile: only a DEAD or DELIVERED delivery can be sent again");
    }
    Optional<AlertDelivery> redelivered = deliveries.find(id); // As redelivered: due, not yet sent.
    dispatcher.wake();
    return redelivered;
  }

  @Override
  public Map<DeliveryState, Long> countByState(UUID ruleId) {
    return deliveries.countByState(ruleId);
  }
}
