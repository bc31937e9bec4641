package io.jobtrail.application.event;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic JSON text of plain values, the input of the hash chain: keys sorted, no spaces,
 * numbers in plain notation without trailing zeros (so 1, 1.0 and 1e0 are the same), strings with
 * the minimal JSON escapes. PostgreSQL's jsonb may reorder keys and reformat numbers; the canonical
 * form of what it returns equals the canonical form of what was written.
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  public static String write(@Nullable Object value) {
    var out = new StringBuilder(512);
    write(value, out);
    return out.toString();
  }

  /**
   * A value already written by {@link #write}: embedded as is, so a document that contains it is
   * written exactly as if it held the value itself, without serialising the value again.
   */
  public record Written(String json) {}

  private static void write(@Nullable Object value, StringBuilder out) {
    switch (value) {
      case null -> out.append("null");
      case Written w -> out.append(w.json());
      case String s -> string(s, out);
      case Boolean b -> out.append(b);
      case Number n -> out.append(number(n));
      case Map<?, ?> m -> {
        out.append('{');
        boolean first = true;
        String[] keys = new String[m.size()];
        int i = 0;
        for (Object key : m.keySet()) {
          keys[i++] = String.valueOf(key);
        }
        Arrays.sort(keys);
        for (String key : keys) {
          Object member = m.get(key);
          if (member == null) {
            continue;
          }
          if (!first) {
            out.append(',');
          }
          first = false;
          string(key, out);
          out.append(':');
          write(member, out);
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.get(i), out);
        }
        out.append(']');
      }
      default -> string(value.toString(), out);
    }
  }

  private static String number(Number n) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      // What the general case gives for a whole number, without a BigDecimal.
      return Long.toString(n.longValue());
    }
    if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return "null";
    }
    BigDecimal decimal = new BigDecimal(n.toString()).stripTrailingZeros();
    return decimal.signum() == 0 ? "0" : decimal.toPlainString();
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    int plain = 0;
    while (plain < s.length() && !needsEscape(s.charAt(plain))) {
      plain++;
    }
    if (plain == s.length()) {
      out.append(s).append('"');
      return;
    }
    out.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }
}
