package io.jobtrail.persistence.alert;

import io.jobtrail.application.event.CanonicalJson;
import java.util.Map;
import org.jooq.JSONB;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** jsonb columns of the alert tables as plain JSON values. */
final class Documents {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  private Documents() {}

  static JSONB jsonb(Map<String, ?> document) {
    return JSONB.valueOf(CanonicalJson.write(document));
  }

  static Map<String, Object> read(JSONB jsonb) {
    return MAPPER.readValue(jsonb.data(), OBJECT);
  }
}
