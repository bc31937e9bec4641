package io.jobtrail.application.audit;

import io.jobtrail.application.port.in.AuditJobs.Difference;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The leaf-level differences between two JSON values (maps, lists, strings, numbers, booleans,
 * null), each at its JSON Pointer (RFC 6901) below a base path. A missing member counts as null; a
 * number equals another of the same value whatever its Java type.
 */
final class JsonDifferences {

  private JsonDifferences() {}

  static void collect(
      String path, @Nullable Object left, @Nullable Object right, List<Difference> out) {
    if (same(left, right)) {
      return;
    }
    if (left instanceof Map<?, ?> l && right instanceof Map<?, ?> r) {
      var keys = new TreeSet<String>();
      l.keySet().forEach(k -> keys.add(String.valueOf(k)));
      r.keySet().forEach(k -> keys.add(String.valueOf(k)));
      for (String key : keys) {
        collect(path + "/" + escape(key), l.get(key), r.get(key), out);
      }
      return;
    }
    if (left instanceof List<?> l && right instanceof List<?> r) {
      for (int i = 0; i < Math.max(l.size(), r.size()); i++) {
        collect(
            path + "/" + i, i < l.size() ? l.get(i) : null, i < r.size() ? r.get(i) : null, out);
      }
      return;
    }
    out.add(new Difference(path, left, right));
  }

  private static boolean same(@Nullable Object left, @Nullable Object right) {
    if (left instanceof Number l && right instanceof Number r) {
      return new BigDecimal(l.toString()).compareTo(new BigDecimal(r.toString())) == 0;
    }
    return Objects.equals(left, right);
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
