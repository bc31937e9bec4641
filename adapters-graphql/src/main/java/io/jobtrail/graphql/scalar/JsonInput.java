package io.jobtrail.graphql.scalar;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code JSON} input may hold, checked while the request is parsed (so a bad value is a
 * coded validation error naming the variable, never a failure later): integers within 64 bits,
 * finite numbers, and text without NUL characters (PostgreSQL cannot store them). Returns the value
 * with integers as {@code Long} and decimals as {@code Double}.
 */
final class JsonInput {

  private JsonInput() {}

  static <T, E extends RuntimeException> T check(T value, Function<String, E> error) {
    @SuppressWarnings("unchecked")
    T checked = (T) normalise(value, "", error);
    return checked;
  }

  private static <E extends RuntimeException> @Nullable Object normalise(
      @Nullable Object value, String path, Function<String, E> error) {
    return switch (value) {
      case null -> null;
      case String s -> text(s, path, error);
      case Boolean b -> b;
      case Integer i -> i.longValue();
      case Long l -> l;
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger b -> {
        if (b.bitLength() > 63) {
          throw error.apply(at(path) + "integers must fit in 64 bits, not " + b);
        }
        yield b.longValue();
      }
      case Float f -> finite(f.doubleValue(), path, error);
      case Double d -> finite(d, path, error);
      case BigDecimal d -> finite(d.doubleValue(), path, error);
      case Map<?, ?> map -> {
        var copy = new LinkedHashMap<String, @Nullable Object>();
        for (var entry : map.entrySet()) {
          String key = text(String.valueOf(entry.getKey()), path, error);
          copy.put(
              key, normalise(entry.getValue(), path.isEmpty() ? key : path + "." + key, error));
        }
        yield copy;
      }
      case List<?> list -> {
        var copy = new ArrayList<@Nullable Object>(list.size());
        for (int i = 0; i < list.size(); i++) {
          copy.add(normalise(list.get(i), path + "[" + i + "]", error));
        }
        yield copy;
      }
      default -> throw error.apply(at(path) + "not a JSON value");
    };
  }

  private static <E extends RuntimeException> String text(
      String s, String path, Function<String, E> error) {
    if (s.indexOf(0) >= 0) {
      throw error.apply(at(path) + "text must not contain NUL characters (U+0000)");
    }
    return s;
  }

  private static <E extends RuntimeException> double finite(
      double d, String path, Function<String, E> error) {
    if (!Double.isFinite(d)) {
      throw error.apply(at(path) + "numbers must be finite");
    }
    return d;
  }

  private static String at(String path) {
    return path.isEmpty() ? "" : path + ": ";
  }
}
