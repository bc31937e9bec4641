package io.jobtrail.application.port.out;

import io.jobtrail.application.event.RecordedEvent;
import java.util.List;

/**
 * Publishes the event log to a message broker: every event as one message whose id is the event id
 * (so the broker drops one it already has), in log order, which keeps each job's events in order.
 * Implementations carry their broker in their name ({@code JetStreamEventLogPublisher}).
 */
public interface EventLogPublisher {

  /** Where the events go, e.g. {@code nats:JOBTRAIL}; part of the relay's consumer name. */
  String destination();

  /**
   * Publishes the events in order and returns once the broker has acknowledged every one of them
   * (stored, or recognised as a duplicate of a message it stored before).
   *
   * @throws Exception if any event was not acknowledged; the caller publishes them all again
   */
  Receipt publish(List<RecordedEvent> events) throws Exception;

  /** What the broker said: how many events it stored now and how many it already had. */
  record Receipt(int stored, int duplicates) {}
}
