package io.jobtrail.application.alert;

import io.jobtrail.domain.job.JobId;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Which deliveries to list; empty fields do not filter. */
public record DeliveryFilter(
    @Nullable UUID ruleId, @Nullable JobId jobId, Set<DeliveryState> states) {

  public DeliveryFilter {
    states = Set.copyOf(states);
  }
}
