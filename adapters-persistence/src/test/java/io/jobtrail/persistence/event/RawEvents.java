package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.HashScheme;
import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jspecify.annotations.Nullable;

/**
 * Writes event rows as raw documents, bypassing the store (as an older release wrote them), with a
 * correct hash chain computed by {@link EventHashing} in the given hash scheme (by default the
 * first, which the releases before hash schemes used), so verification still holds.
 */
final class RawEvents {

  private final DSLContext dsl;
  private final JobId jobId;
  private final HashScheme scheme;
  private long version;
  private @Nullable String lastHash;

  RawEvents(DSLContext dsl, JobId jobId) {
    this(dsl, jobId, HashScheme.PLAIN_DECIMALS);
  }

  RawEvents(DSLContext dsl, JobId jobId, HashScheme scheme) {
    this.dsl = dsl;
    this.jobId = jobId;
    this.scheme = scheme;
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
            scheme,
            eventId,
            jobId,
            next,
            eventType,
            schemaVersion,
            occurredAt,
            data,
            metadataDocument);
    String hash = EventHashing.link(lastHash, canonical);
    dsl.insertInto(JOB_EVENTS)
        .set(JOB_EVENTS.EVENT_ID, eventId)
        .set(JOB_EVENTS.JOB_ID, jobId.value())
        .set(JOB_EVENTS.VERSION, next)
        .set(JOB_EVENTS.EVENT_TYPE, eventType)
        .set(JOB_EVENTS.SCHEMA_VERSION, schemaVersion)
        .set(JOB_EVENTS.DATA, JSONB.valueOf(CanonicalJson.write(data, scheme)))
        .set(JOB_EVENTS.METADATA, JSONB.valueOf(CanonicalJson.write(metadataDocument, scheme)))
        .set(JOB_EVENTS.OCCURRED_AT, occurredAt.atOffset(ZoneOffset.UTC))
        .set(JOB_EVENTS.PREV_HASH, Hashes.bytesOrNull(lastHash))
        .set(JOB_EVENTS.HASH, Hashes.bytes(hash))
        .set(JOB_EVENTS.HASH_SCHEME, (short) scheme.version())
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
