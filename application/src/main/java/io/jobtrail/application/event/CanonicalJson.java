package io.jobtrail.application.event;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A deterministic JSON text of plain values, the input of the hash chain, in the form of a {@link
 * HashScheme}: keys sorted by UTF-16 code units, no whitespace, strings with the minimal JSON
 * escapes, each number in one spelling (so 1, 1.0 and 1e0 are the same). Object members that are
 * null are left out: a Jobtrail document never holds one (absent means omitted), so what is hashed
 * is what is stored. PostgreSQL's jsonb may reorder keys and reformat numbers; the canonical form
 * of what it returns equals the canonical form of what was written.
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  /** The form of {@link HashScheme#CURRENT}, which new events are written and hashed in. */
  public static String write(@Nullable Object value) {
    return write(value, HashScheme.CURRENT);
  }

  public static String write(@Nullable Object value, HashScheme scheme) {
    var out = new StringBuilder(512);
    write(value, scheme, out);
    return out.toString();
  }

  /**
   * A value already written by {@link #write(Object)} in the current form: embedded as is, so a
   * document that contains it is written exactly as if it held the value itself, without
   * serialising the value again.
   */
  public record Written(String json) {}

  private static void write(@Nullable Object value, HashScheme scheme, StringBuilder out) {
    switch (value) {
      case null -> out.append("null");
      case Written w -> {
        if (scheme != HashScheme.CURRENT) {
          throw new IllegalArgumentException(
              "text written in the current form cannot be embedded in " + scheme);
        }
        out.append(w.json());
      }
      case String s -> string(s, out);
      case Boolean b -> out.append(b);
      case Number n -> out.append(number(n, scheme));
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
          write(member, scheme, out);
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.get(i), scheme, out);
        }
        out.append(']');
      }
      default -> string(value.toString(), out);
    }
  }

  private static String number(Number n, HashScheme scheme) {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      // Every digit, in both forms (and what the general case of PLAIN_DECIMALS gives).
      return Long.toString(n.longValue());
    }
    return switch (scheme) {
      case PLAIN_DECIMALS -> plainDecimal(n);
      case RFC_8785 -> EcmaScriptNumbers.format(n.doubleValue());
    };
  }

  /** {@link HashScheme#PLAIN_DECIMALS}: never change it, events hashed with it must verify. */
  private static String plainDecimal(Number n) {
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
