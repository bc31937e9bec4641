package io.jobtrail.application.consumer;

import io.jobtrail.application.event.GlobalCursor;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A durable consumer as the cluster sees it: its checkpoint, how far behind the log it is (events
 * after the checkpoint, and seconds since the oldest of them was written), its counters (events
 * handled, failed attempts, events of the batch being retried now), its last error, and which
 * instance holds it until when.
 */
public record ConsumerStatus(
    String name,
    GlobalCursor position,
    long lagEvents,
    double lagSeconds,
    long delivered,
    long failed,
    int retrying,
    @Nullable String lastError,
    @Nullable Instant lastErrorAt,
    @Nullable Instant lastEventAt,
    @Nullable String owner,
    @Nullable Instant leaseExpiresAt,
    Instant updatedAt) {

  /** Whether an instance holds a live lease on it at {@code now}. */
  public boolean activeAt(Instant now) {
    return owner != null && leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
  }
}
