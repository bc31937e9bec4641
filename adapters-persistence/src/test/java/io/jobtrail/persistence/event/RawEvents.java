package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;

import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Writes event rows as raw documents, bypassing the store (as an older release wrote them), with a
 * correct hash chain computed by {@link EventHashing}, so verification still holds.
 */
final class RawEvents {

  private final DSLContext dsl;
  private final JobId jobId;
  private long version;
  private @Nullable String lastHash;

  RawEvents(DSLContext dsl, JobId jobId) {
    this.dsl = dsl;
    this.jobId = jobId;
  }

  /** Inserts the next event of the job; returns its hash. */
  String insert(
      String eventType,
      int schemaVersion,
      Map<String, ?> data,
      EventMetadata metadata,
      Instant occurredAt) {
    long next = version + 1;
    UUID eventId = UUID.randomUUID();
    Map<String, Object> metadataDocument = EventHashing.metadataDocument(metadata);
    String canonical =
        EventHashing.canonicalForm(
            eventId, jobId, next, eventType, schemaVersion, occurredAt, data, metadataDocument);
    String hash = EventHashing.link(lastHash, canonical);
    dsl.insertInto(JOB_EVENTS)
        .set(JOB_EVENTS.EVENT_ID, eventId)
        .set(JOB_EVENTS.JOB_ID, jobId.value())
        .set(JOB_EVENTS.VERSION, next)
        .set(JOB_EVENTS.EVENT_TYPE, eventType)
        .set(JOB_EVENTS.SCHEMA_VERSION, schemaVersion)
        .set(JOB_EVENTS.DATA, JsonDocuments.jsonb(data))
        .set(JOB_EVENTS.METADATA, JsonDocuments.jsonb(metadataDocument))
        .set(JOB_EVENTS.OCCURRED_AT, occurredAt.atOffset(ZoneOffset.UTC))
        .set(JOB_EVENTS.PREV_HASH, Hashes.bytesOrNull(lastHash))
        .set(JOB_EVENTS.HASH, Hashes.bytes(hash))
        .execute();
    version = next;
    lastHash = hash;
    return hash;
  }

  long version() {
    return version;
  }

  @Nullable String lastHash() {
    return lastHash;
  }
}
