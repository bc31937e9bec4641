package io.jobtrail.agents.simulated;

import io.jobtrail.agents.InvalidSettings;
import io.jobtrail.agents.SettingsReader;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.JsonValues;
import io.jobtrail.domain.job.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The simulated agent's settings: the instance's defaults, overlaid by the role's {@code
 * AgentSpec.settings}, overlaid by the job's {@code parameters.simulated} (a JSON merge patch each,
 * so a replay can drop an injected failure with {@code {"simulated": {"failures": null}}}).
 *
 * @param seed mixed into every random choice; null means the job's id
 * @param latencyMs per role, how long a call takes
 * @param latencyJitterMs up to this much more, drawn from the seed
 * @param failures injected failures, the first matching rule wins
 * @param failureRate the chance that any other attempt fails with ERROR, drawn from the seed
 * @param verdicts the critique's verdict per iteration (the last repeats)
 * @param quiet no log line per call (for benchmarks)
 */
record SimulatedSettings(
    @Nullable String seed,
    Map<AgentRole, Long> latencyMs,
    long latencyJitterMs,
    List<FailureRule> failures,
    double failureRate,
    List<Verdict> verdicts,
    boolean quiet) {

  static final long MAX_LATENCY_MS = 600_000;

  @SuppressWarnings("unchecked")
  static SimulatedSettings of(
      Map<String, Object> defaults, Map<String, Object> spec, Map<String, Object> parameters) {
    Map<String, Object> merged = JsonValues.mergePatch(defaults, spec);
    if (parameters.get("simulated") instanceof Map<?, ?> overrides) {
      merged = JsonValues.mergePatch(merged, (Map<String, Object>) overrides);
    }
    var settings = new SettingsReader(merged);
    return new SimulatedSettings(
        seed(settings.raw("seed")),
        latency(settings),
        settings.number("latencyJitterMs", 0, 0, MAX_LATENCY_MS),
        failures(settings),
        settings.decimal("failureRate", 0, 0, 1),
        verdicts(settings),
        Boolean.TRUE.equals(settings.raw("quiet")));
  }

  @Nullable FailureRule failureFor(AgentRole role, int iteration, int attempt) {
    for (FailureRule rule : failures) {
      if (rule.matches(role, iteration, attempt)) {
        return rule;
      }
    }
    return null;
  }

  Verdict verdictFor(int iteration) {
    return verdicts.get(Math.min(Math.max(iteration, 1), verdicts.size()) - 1);
  }

  private static @Nullable String seed(@Nullable Object value) {
    return switch (value) {
      case null -> null;
      case String s -> s;
      case Number n -> String.valueOf(n.longValue());
      default -> throw new InvalidSettings("seed must be a number or a string");
    };
  }

  private static Map<AgentRole, Long> latency(SettingsReader settings) {
    Object value = settings.raw("latencyMs");
    var latency = new java.util.EnumMap<AgentRole, Long>(AgentRole.class);
    for (AgentRole role : AgentRole.values()) {
      Object forRole =
          value instanceof Map<?, ?> perRole
              ? SettingsReader.byRole(asObject(perRole), role.name())
              : value;
      latency.put(role, millis(forRole));
    }
    return latency;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static long millis(@Nullable Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof Number n && n.longValue() >= 0 && n.longValue() <= MAX_LATENCY_MS) {
      return n.longValue();
    }
    throw new InvalidSettings(
        "latencyMs must be milliseconds (0 to "
            + MAX_LATENCY_MS
            + ") or an object of them by role, like {\"coder\": 500}");
  }

  private static List<FailureRule> failures(SettingsReader settings) {
    var rules = new ArrayList<FailureRule>();
    for (Object rule : settings.list("failures")) {
      rules.add(FailureRule.parse(rule));
    }
    // "failAt": one rule, the shorthand the console's failure demo uses.
    if (settings.raw("failAt") != null) {
      rules.add(FailureRule.parse(settings.raw("failAt")));
    }
    return List.copyOf(rules);
  }

  private static List<Verdict> verdicts(SettingsReader settings) {
    var verdicts = new ArrayList<Verdict>();
    for (Object value : settings.list("verdicts")) {
      if (!(value instanceof String s)) {
        throw new InvalidSettings("verdicts must be strings: APPROVED or CHANGES_REQUESTED");
      }
      try {
        verdicts.add(Verdict.valueOf(s.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InvalidSettings("unknown verdict " + s + ": use APPROVED or CHANGES_REQUESTED");
      }
    }
    return verdicts.isEmpty() ? List.of(Verdict.APPROVED) : List.copyOf(verdicts);
  }
}
