package io.jobtrail.application.event;

import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored event in its envelope: {@code version} is its sequence in the job (1, 2, 3...), {@code
 * position} its place in the global log, {@code schemaVersion} the shape it was stored in (it is
 * upcast to the current shape on read), {@code hash} the link of the job's hash chain (hex), {@code
 * transactionId} the writing transaction (see {@link GlobalCursor}).
 */
public record RecordedEvent(
    UUID eventId,
    JobId jobId,
    long version,
    long position,
    long transactionId,
    JobEvent event,
    Instant timestamp,
    int schemaVersion,
    EventMetadata metadata,
    @Nullable String prevHash,
    String hash) {

  public GlobalCursor cursor() {
    return new GlobalCursor(transactionId, position);
  }

  public String eventType() {
    return event.eventType();
  }
}
