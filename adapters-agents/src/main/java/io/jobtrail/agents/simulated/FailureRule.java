package io.jobtrail.agents.simulated;

import io.jobtrail.agents.InvalidSettings;
import io.jobtrail.agents.SettingsReader;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.FailureKind;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An injected failure: attempts of {@code role} (in {@code iteration}, at {@code attempt}, when
 * given) fail with {@code kind}. TIMEOUT hangs until the step timeout stops the call.
 */
record FailureRule(
    AgentRole role,
    @Nullable Integer iteration,
    @Nullable Integer attempt,
    FailureKind kind,
    @Nullable String message) {

  boolean matches(AgentRole role, int iteration, int attempt) {
    return this.role == role
        && (this.iteration == null || this.iteration == iteration)
        && (this.attempt == null || this.attempt == attempt);
  }

  @SuppressWarnings("unchecked")
  static FailureRule parse(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      throw new InvalidSettings(
          "a failure rule must be an object like {\"role\": \"CODER\", \"attempt\": 1}");
    }
    var rule = new SettingsReader((Map<String, Object>) map);
    String role = rule.string("role");
    if (role == null) {
      throw new InvalidSettings("a failure rule needs a role: PLANNER, CODER or CRITIQUE");
    }
    String kind = rule.string("kind", "ERROR").toUpperCase(Locale.ROOT);
    if (!kind.equals("ERROR") && !kind.equals("TIMEOUT") && !kind.equals("FATAL")) {
      throw new InvalidSettings("a failure rule's kind is ERROR, TIMEOUT or FATAL, not " + kind);
    }
    return new FailureRule(
        parseRole(role),
        rule.has("iteration") ? (int) rule.number("iteration", 0, 0, 10_000) : null,
        rule.has("attempt") ? (int) rule.number("attempt", 1, 1, 10_000) : null,
        FailureKind.valueOf(kind),
        rule.string("message"));
  }

  static AgentRole parseRole(String role) {
    try {
      return AgentRole.valueOf(role.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidSettings("unknown role " + role + ": use PLANNER, CODER or CRITIQUE");
    }
  }
}
