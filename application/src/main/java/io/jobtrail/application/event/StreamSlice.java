package io.jobtrail.application.event;

import io.jobtrail.domain.job.JobEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A run of one job's events, what a fold needs and no more: the events in version order and the
 * head after the last of them (null when the run is empty).
 */
public record StreamSlice(List<JobEvent> events, @Nullable StreamHead head) {

  public StreamSlice {
    events = List.copyOf(events);
    if (events.isEmpty() != (head == null)) {
      throw new IllegalArgumentException("a slice has a head exactly when it has events");
    }
  }
}
