package io.jobtrail.graphql.error;

import java.util.List;
import java.util.Map;

/** The JSON kind of a value, for messages that say what was sent instead of what was expected. */
final class JsonKinds {

  private JsonKinds() {}

  static String describe(Object value) {
    return switch (value) {
      case String s -> "a string";
      case Number n -> "a number";
      case Boolean b -> "a boolean";
      case List<?> l -> "a list";
      case Map<?, ?> m -> "an object";
      default -> "a " + value.getClass().getSimpleName();
    };
  }
}
