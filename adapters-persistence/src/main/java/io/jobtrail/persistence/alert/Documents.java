package io.jobtrail.persistence.alert;

import io.jobtrail.application.event.CanonicalJson;
import io.jobtrail.persistence.event.JsonDocuments;
import java.util.Map;
import org.jooq.JSONB;

/** jsonb columns of the alert tables as plain JSON values. */
final class Documents {

  private Documents() {}

  static JSONB jsonb(Map<String, ?> document) {
    return JSONB.valueOf(CanonicalJson.write(document));
  }

  static Map<String, Object> read(JSONB jsonb) {
    return JsonDocuments.read(jsonb);
  }
}
