package io.jobtrail.persistence.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.JSONB;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * jsonb → plain-value documents (they are written as canonical JSON), read with Jackson's streaming
 * parser straight into the plain values of {@link io.jobtrail.domain.job.JsonValues} (unmodifiable
 * maps and lists, {@code Long}, {@code Double}, strings, booleans; null members dropped), which
 * every read of the log does for every event, so without an intermediate tree and a second copy.
 * Also the reader of the alert tables' jsonb columns.
 */
public final class JsonDocuments {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonDocuments() {}

  public static Map<String, Object> read(JSONB jsonb) {
    return read(jsonb.data());
  }

  /**
   * @throws IllegalArgumentException if the text is not a JSON object
   */
  static Map<String, Object> read(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      return object(parser);
    } catch (tools.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("unreadable JSON document: " + e.getOriginalMessage(), e);
    }
  }

  private static Map<String, Object> object(JsonParser parser) {
    var map = new LinkedHashMap<String, Object>();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
      String key = parser.currentName();
      Object value = value(parser, parser.nextToken());
      if (value != null) {
        map.put(key, value);
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new IllegalArgumentException("malformed JSON object");
    }
    return Collections.unmodifiableMap(map);
  }

  private static List<Object> array(JsonParser parser) {
    var list = new ArrayList<Object>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new IllegalArgumentException("malformed JSON array");
      }
      Object value = value(parser, token);
      if (value != null) {
        list.add(value);
      }
    }
    return Collections.unmodifiableList(list);
  }

  private static @Nullable Object value(JsonParser parser, @Nullable JsonToken token) {
    if (token == null) {
      throw new IllegalArgumentException("truncated JSON document");
    }
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getString();
      case VALUE_NUMBER_INT ->
          // jsonb writes every number in plain notation: a whole number beyond a long is a double
          // that was written as one (1e21 comes back as 1000000000000000000000).
          parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
              ? (Object) parser.getDoubleValue()
              : (Object) parser.getLongValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new IllegalArgumentException("unexpected JSON token " + token);
    };
  }
}
