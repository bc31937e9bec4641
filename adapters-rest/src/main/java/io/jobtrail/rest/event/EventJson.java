package io.jobtrail.rest.event;

import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.RecordedEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** An event in the REST and NDJSON shape: the seed's envelope with metadata and chain links. */
final class EventJson {

  private EventJson() {}

  static Map<String, Object> of(RecordedEvent e) {
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
