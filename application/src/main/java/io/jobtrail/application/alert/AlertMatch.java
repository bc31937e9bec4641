package io.jobtrail.application.alert;

import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.JsonValues;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Which events and jobs a rule looks at; an empty field does not filter. {@code eventTypes} are
 * event names ({@code JobFailed}); {@code jobName} is a pattern where {@code *} stands for any
 * text; {@code statuses} are the job's status after the event; {@code parameters} must be contained
 * in the job's parameters (as PostgreSQL's {@code @>}: every key present with a containing value);
 * {@code agentKinds} match a job that uses one of them in any role.
 */
public record AlertMatch(
    Set<String> eventTypes,
    @Nullable String jobName,
    Set<JobStatus> statuses,
    Map<String, Object> parameters,
    Set<String> agentKinds) {

  public static final AlertMatch ANY = new AlertMatch(Set.of(), null, Set.of(), Map.of(), Set.of());

  /** The names of every event type, as they are stored and sent. */
  public static final Set<String> EVENT_TYPES =
      Arrays.stream(JobEvent.class.getPermittedSubclasses())
          .map(Class::getSimpleName)
          .collect(Collectors.toCollection(TreeSet::new));

  /** Compiled job-name patterns, shared by every rule with the same pattern. */
  private static final Map<String, Pattern> GLOBS = new ConcurrentHashMap<>();

  public AlertMatch {
    eventTypes = Set.copyOf(eventTypes);
    statuses = Set.copyOf(statuses);
    agentKinds = Set.copyOf(agentKinds);
    for (String type : eventTypes) {
      if (!EVENT_TYPES.contains(type)) {
        throw new InvalidAlertInput(
            "match.eventTypes: '" + type + "' is not an event type; known: " + EVENT_TYPES);
      }
    }
    if (jobName != null && (jobName.isBlank() || jobName.length() > 200)) {
      throw new InvalidAlertInput("match.jobName: 1 to 200 characters, * for any text");
    }
    parameters = JsonValues.object(parameters);
  }

  public boolean matchesType(String eventType) {
    return eventTypes.isEmpty() || eventTypes.contains(eventType);
  }

  /** Whether the rule has filters that need the job's state (beyond the event type). */
  public boolean filtersJobs() {
    return jobName != null || !statuses.isEmpty() || !parameters.isEmpty() || !agentKinds.isEmpty();
  }

  public boolean matchesJob(JobState job) {
    return matchesFixedFacts(job) && (statuses.isEmpty() || statuses.contains(job.status()));
  }

  /**
   * The filters on what never changes once a job is created (its name, parameters and agents), so a
   * job's first state answers them for all its events.
   */
  public boolean matchesFixedFacts(JobState job) {
    if (jobName != null && !globPattern(jobName).matcher(job.name()).matches()) {
      return false;
    }
    if (!agentKinds.isEmpty()
        && Arrays.stream(AgentRole.values())
            .noneMatch(role -> agentKinds.contains(job.agents().forRole(role).kind()))) {
      return false;
    }
    return contains(job.parameters(), parameters);
  }

  private static Pattern globPattern(String glob) {
    if (GLOBS.size() > 10_000) {
      GLOBS.clear();
    }
    return GLOBS.computeIfAbsent(glob, AlertMatch::compileGlob);
  }

  private static Pattern compileGlob(String glob) {
    var regex = new StringBuilder();
    for (String part : glob.split("\\*", -1)) {
      if (!regex.isEmpty()) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /** JSON containment: PostgreSQL's {@code actual @> expected}. */
  static boolean contains(@Nullable Object actual, @Nullable Object expected) {
    return switch (expected) {
      case null -> actual == null;
      case Map<?, ?> wanted -> {
        if (!(actual instanceof Map<?, ?> have)) {
          yield false;
        }
        for (var entry : wanted.entrySet()) {
          if (!have.containsKey(entry.getKey())
              || !contains(have.get(entry.getKey()), entry.getValue())) {
            yield false;
          }
        }
        yield true;
      }
      case List<?> wanted -> {
        if (!(actual instanceof List<?> have)) {
          yield false;
        }
        yield wanted.stream().allMatch(w -> have.stream().anyMatch(h -> contains(h, w)));
      }
      case Number wanted ->
          actual instanceof Number have
              && new BigDecimal(have.toString()).compareTo(new BigDecimal(wanted.toString())) == 0;
      default -> expected.equals(actual);
    };
  }
}
