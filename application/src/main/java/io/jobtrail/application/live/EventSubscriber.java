package io.jobtrail.application.live;

import io.jobtrail.application.event.RecordedEvent;
import java.util.List;

/**
 * Receives new events from the {@link EventHub}, on the reader's thread: implementations hand them
 * off without blocking (into a bounded buffer) and end their stream when it overflows.
 */
public interface EventSubscriber {

  /** Events of one job (or, for an all-jobs subscriber, of several), in log order. */
  void onEvents(List<RecordedEvent> events);
}
