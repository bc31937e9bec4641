package io.jobtrail.persistence.event;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.domain.job.JsonValues;
import java.util.Map;
import org.jooq.JSONB;
import tools.jackson.databind.json.JsonMapper;

/** jsonb ↔ plain-value documents. Written as canonical JSON, read with Jackson. */
final class JsonDocuments {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private JsonDocuments() {}

  static JSONB jsonb(Map<String, ?> document) {
    return JSONB.valueOf(CanonicalJson.write(document));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> read(JSONB jsonb) {
    return JsonValues.object(MAPPER.readValue(jsonb.data(), Map.class));
  }
}
