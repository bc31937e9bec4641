package io.jobtrail.graphql.job;

import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.RecordedEvent;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The GraphQL {@code JobEvent}: the seed's envelope plus position, cursor and metadata. */
public record EventView(
    String id,
    String jobId,
    String eventType,
    Map<String, Object> eventData,
    Instant timestamp,
    long sequence,
    String position,
    String cursor,
    Metadata metadata) {

  public record Metadata(
      String userId,
      @Nullable String traceId,
      @Nullable String spanId,
      int version,
      @Nullable String causationId,
      @Nullable String correlationId,
      String instanceId,
      @Nullable Origin copiedFrom) {}

  public record Origin(String jobId, long version) {}

  public static EventView of(RecordedEvent e) {
    EventMetadata m = e.metadata();
    return new EventView(
        e.eventId().toString(),
        e.jobId().toString(),
        e.eventType(),
        EventDocuments.write(e.event()),
        e.timestamp(),
        e.version(),
        Long.toString(e.position()),
        e.cursor().toString(),
        new Metadata(
            m.userId(),
            m.traceId(),
            m.spanId(),
            e.schemaVersion(),
            m.causationId(),
            m.correlationId(),
            m.instanceId(),
            m.copiedFrom() == null
                ? null
                : new Origin(m.copiedFrom().jobId().toString(), m.copiedFrom().version())));
  }
}
