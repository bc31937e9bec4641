package io.jobtrail.application.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Keys that look like they hold a credential ({@code apiKey}, {@code password}, {@code
 * clientSecret}, {@code accessToken}, {@code authorization}, …) in free-form documents (agent
 * settings, parameters). A job must never carry one: its events are immutable and kept forever, so
 * secrets are given by reference (a key ending in {@code Env} names an environment variable, one
 * ending in {@code SecretName} a secret configured on the instance). Documents shown by the API
 * have such values masked.
 */
public final class Credentials {

  public static final String MASK = "••••••";

  private static final Pattern CREDENTIAL =
      Pattern.compile(
          ".*(apikey|secret|secretkey|password|passwd|passphrase|privatekey|accesskey"
              + "|credentials?|authorization|bearer|token)");

  private static final Pattern REFERENCE = Pattern.compile(".*(env|secretname)");

  private Credentials() {}

  /** True if a member with this key would hold a secret inline. */
  public static boolean looksLikeCredential(String key) {
    String k = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    if (REFERENCE.matcher(k).matches()) {
      return false;
    }
    return CREDENTIAL.matcher(k).matches();
  }

  /** The paths (e.g. {@code settings.apiKey}) of inline credentials in a document. */
  public static List<String> inline(String path, Map<String, ?> document) {
    var found = new ArrayList<String>();
    collect(path, document, found);
    return found;
  }

  /** Why a document with an inline credential at {@code path} is refused, and what to do. */
  public static String refusal(String path) {
    return path
        + " looks like a secret given inline, which the job's events would keep forever: give it"
        + " by reference (a setting ending in Env names an environment variable, e.g. apiKeyEnv;"
        + " one ending in SecretName names a secret configured on the instance)";
  }

  /** A copy with every credential-like member's value replaced by {@link #MASK}. */
  public static Map<String, Object> masked(Map<String, ?> document) {
    var copy = new LinkedHashMap<String, Object>();
    document.forEach(
        (key, value) -> {
          if (value != null) {
            copy.put(key, looksLikeCredential(key) ? MASK : maskedValue(value));
          }
        });
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object maskedValue(Object value) {
    return switch (value) {
      case Map<?, ?> map -> masked((Map<String, ?>) map);
      case List<?> list -> list.stream().map(v -> v == null ? "" : maskedValue(v)).toList();
      default -> value;
    };
  }

  @SuppressWarnings("unchecked")
  private static void collect(String path, @Nullable Object value, List<String> found) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, member) -> {
            String at = path.isEmpty() ? key.toString() : path + "." + key;
            if (looksLikeCredential(key.toString()) && member != null && !(member instanceof Map)) {
              found.add(at);
            } else {
              collect(at, member, found);
            }
          });
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collect(path + "[" + i + "]", list.get(i), found);
      }
    }
  }
}
