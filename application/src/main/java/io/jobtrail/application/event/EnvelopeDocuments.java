package io.jobtrail.application.event;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored event in the envelope shape tools outside Jobtrail receive (REST, NDJSON export, broker
 * messages, webhook payloads): the seed's {@code JobEvent} with metadata and the chain links, as
 * plain JSON values.
 */
public final class EnvelopeDocuments {

  private EnvelopeDocuments() {}

  public static Map<String, Object> of(RecordedEvent e) {
    var metadata = new LinkedHashMap<String, Object>(EventHashing.metadataDocument(e.metadata()));
    metadata.put("version", e.schemaVersion());
    var json = new LinkedHashMap<String, Object>();
    json.put("id", e.eventId().toString());
    json.put("jobId", e.jobId().toString());
    json.put("eventType", e.eventType());
    json.put("eventData", EventDocuments.write(e.event()));
    json.put("timestamp", e.timestamp().toString());
    json.put("sequence", e.version());
    json.put("position", e.position());
    json.put("cursor", e.cursor().toString());
    json.put("metadata", metadata);
    json.put("prevHash", e.prevHash());
    json.put("hash", e.hash());
    return json;
  }
}
