package io.jobtrail.domain.job;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Free-form JSON values (parameters, agent settings, overrides) as plain Java: maps with string
 * keys, lists, strings, booleans, {@code Long} and {@code Double}. Copies are deep and immutable,
 * numbers are normalised and null members dropped, so two equal documents are equal objects
 * whichever parser produced them.
 */
public final class JsonValues {

  private JsonValues() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(@Nullable Map<String, ?> source) {
    if (source == null) {
      return Map.of();
    }
    if (source instanceof Normalised) {
      // Already deep-copied, normalised and immutable: every fold step would copy it otherwise.
      return (Map<String, Object>) source;
    }
    var copy = new LinkedHashMap<String, Object>();
    source.forEach(
        (key, value) -> {
          if (key == null) {
            throw new IllegalArgumentException("a JSON object key must not be null");
          }
          Object normalised = value == null ? null : value(value);
          if (normalised != null) {
            copy.put(key, normalised);
          }
        });
    return new Normalised(copy);
  }

  /** A document this class made: immutable all the way down, numbers normalised. */
  private static final class Normalised extends AbstractMap<String, Object> {
    private final Map<String, Object> entries;

    Normalised(LinkedHashMap<String, Object> entries) {
      this.entries = Collections.unmodifiableMap(entries);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public @Nullable Object get(Object key) {
      return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    @Override
    public int size() {
      return entries.size();
    }
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object value(Object value) {
    return switch (value) {
      case String s -> s;
      case Boolean b -> b;
      case Integer i -> i.longValue();
      case Long l -> l;
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger b -> b.longValueExact();
      case Float f -> f.doubleValue();
      case Double d -> d;
      case BigDecimal d -> d.doubleValue();
      case Map<?, ?> m -> object((Map<String, ?>) m);
      case List<?> list -> {
        var copy = new ArrayList<Object>(list.size());
        for (Object element : list) {
          if (element != null) {
            Object normalised = value(element);
            if (normalised != null) {
              copy.add(normalised);
            }
          }
        }
        yield Collections.unmodifiableList(copy);
      }
      default ->
          throw new IllegalArgumentException(
              "not a JSON value: " + value.getClass().getSimpleName());
    };
  }

  /**
   * JSON Merge Patch (RFC 7396) of {@code patch} over {@code target}: objects merge recursively, a
   * null member removes the key, anything else replaces.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> mergePatch(
      Map<String, ?> target, @Nullable Map<String, ?> patch) {
    if (patch == null) {
      return object(target);
    }
    var merged = new LinkedHashMap<String, Object>(target);
    patch.forEach(
        (key, value) -> {
          if (value == null) {
            merged.remove(key);
          } else if (value instanceof Map<?, ?> patchObject
              && merged.get(key) instanceof Map<?, ?> targetObject) {
            merged.put(
                key, mergePatch((Map<String, ?>) targetObject, (Map<String, ?>) patchObject));
          } else if (value instanceof Map<?, ?> patchObject) {
            merged.put(key, mergePatch(Map.of(), (Map<String, ?>) patchObject));
          } else {
            merged.put(key, value);
          }
        });
    return object(merged);
  }
}
