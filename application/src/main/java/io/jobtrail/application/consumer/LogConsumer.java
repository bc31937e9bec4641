package io.jobtrail.application.consumer;

import io.jobtrail.application.event.RecordedEvent;
import java.time.Instant;
import java.util.List;

/**
 * Work done for every event of the global log, in log order, by one instance of the cluster at a
 * time ({@link ConsumerRunner}). Delivery is at least once: after a crash or a lost lease, the
 * events after the last checkpoint are handed over again, so {@link #handle} must tolerate seeing
 * an event twice (a broker's message id, a unique trigger key).
 */
public interface LogConsumer {

  /** The consumer's stable name: the key of its checkpoint and its lease. */
  String name();

  /** Where the consumer starts the first time it runs (it resumes from its checkpoint after). */
  StartPosition startFrom();

  /**
   * Does this consumer's work for {@code events} (in log order) and returns when it is done: the
   * checkpoint then moves past them. Throwing leaves the checkpoint where it was; the same events
   * come again after a backoff. Must return well within the lease's duration.
   */
  void handle(List<RecordedEvent> events) throws Exception;

  /**
   * Called on the active instance between batches and while idle, at least every poll interval: the
   * place for time-based work that must also run on one instance at a time.
   */
  default void whileActive(Instant now) {}

  enum StartPosition {
    /** From the first event of the log. */
    BEGINNING,
    /** From the events written after the consumer first ran. */
    LATEST
  }
}
