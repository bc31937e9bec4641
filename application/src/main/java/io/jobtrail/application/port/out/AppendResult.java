package io.jobtrail.application.port.out;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import java.util.List;

/**
 * The events as stored (with versions, positions and hashes) and the stream's new head. {@code
 * duplicate} is true when the events were already stored and nothing was written.
 */
public record AppendResult(List<RecordedEvent> events, StreamHead head, boolean duplicate) {

  public AppendResult {
    events = List.copyOf(events);
  }
}
