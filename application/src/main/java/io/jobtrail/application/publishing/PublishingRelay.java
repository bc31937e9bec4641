package io.jobtrail.application.publishing;

import io.jobtrail.application.consumer.LogConsumer;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.EventLogPublisher;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Relays the whole event log, from its first event, to a broker: a durable consumer whose work for
 * a batch is done when the broker has acknowledged every event of it. After a crash the batch is
 * published again from the checkpoint; the broker recognises the repeated event ids and drops them.
 */
public final class PublishingRelay implements LogConsumer {

  private final EventLogPublisher publisher;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();

  public PublishingRelay(EventLogPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  public String name() {
    return "publishing:" + publisher.destination();
  }

  @Override
  public StartPosition startFrom() {
    return StartPosition.BEGINNING;
  }

  @Override
  public void handle(List<RecordedEvent> events) throws Exception {
    EventLogPublisher.Receipt receipt = publisher.publish(events);
    published.addAndGet(receipt.stored());
    duplicates.addAndGet(receipt.duplicates());
  }

  /** Events this instance published that the broker stored. */
  public long published() {
    return published.get();
  }

  /** Events this instance published again that the broker already had (and dropped). */
  public long duplicates() {
    return duplicates.get();
  }
}
