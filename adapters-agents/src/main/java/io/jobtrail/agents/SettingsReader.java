package io.jobtrail.agents;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of an agent's free-form settings (JSON values as plain Java), with errors that name
 * the setting and say what was expected.
 */
public final class SettingsReader {

  private final Map<String, Object> settings;

  public SettingsReader(Map<String, Object> settings) {
    this.settings = settings;
  }

  public boolean has(String key) {
    return settings.containsKey(key);
  }

  public @Nullable Object raw(String key) {
    return settings.get(key);
  }

  public @Nullable String string(String key) {
    Object value = settings.get(key);
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    throw new InvalidSettings(key + " must be a string, not " + describe(value));
  }

  public String string(String key, String fallback) {
    String value = string(key);
    return value == null ? fallback : value;
  }

  public long number(String key, long fallback, long min, long max) {
    Object value = settings.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      long l = n.longValue();
      if (l >= min && l <= max) {
        return l;
      }
    }
    throw new InvalidSettings(key + " must be a whole number from " + min + " to " + max);
  }

  public boolean bool(String key, boolean fallback) {
    Object value = settings.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new InvalidSettings(key + " must be true or false, not " + describe(value));
  }

  public double decimal(String key, double fallback, double min, double max) {
    Object value = settings.get(key);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max) {
      return n.doubleValue();
    }
    throw new InvalidSettings(key + " must be a number from " + min + " to " + max);
  }

  public List<?> list(String key) {
    Object value = settings.get(key);
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> list) {
      return list;
    }
    throw new InvalidSettings(key + " must be a list, not " + describe(value));
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> object(String key) {
    Object value = settings.get(key);
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new InvalidSettings(key + " must be an object, not " + describe(value));
  }

  /** Looks a role up in an object keyed by role name, ignoring case. */
  public static @Nullable Object byRole(Map<String, Object> object, String role) {
    for (var entry : object.entrySet()) {
      if (entry.getKey().toUpperCase(Locale.ROOT).equals(role)) {
        return entry.getValue();
      }
    }
    return null;
  }

  public static String describe(Object value) {
    return switch (value) {
      case String s -> "a string";
      case Number n -> "a number";
      case Boolean b -> "a boolean";
      case List<?> l -> "a list";
      case Map<?, ?> m -> "an object";
      default -> value.getClass().getSimpleName();
    };
  }
}
