package io.jobtrail.application.event;

import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobLimits;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Brings stored event documents of older schema versions to {@link
 * EventDocuments#CURRENT_SCHEMA_VERSION}, one version at a time. Stored events are never rewritten:
 * this runs on every read of an old event.
 *
 * <p>Version 1 → 2: {@code JobCreated} gained {@code agents} and {@code limits} (v1 jobs ran the
 * simulated agent with the default limits); {@code JobPaused} and {@code JobCancelled} gained
 * {@code actor}; {@code JobStepFailed} replaced {@code retryable: boolean} with {@code kind}.
 */
public final class EventUpcasters {

  private static final Map<Key, UnaryOperator<Map<String, Object>>> UPCASTERS = new HashMap<>();

  private record Key(String eventType, int fromVersion) {}

  static {
    register(
        "JobCreated",
        1,
        d -> {
          d.putIfAbsent("agents", EventDocuments.agents(AgentAssignment.ALL_SIMULATED));
          d.putIfAbsent("limits", EventDocuments.limits(JobLimits.DEFAULT));
          return d;
        });
    UnaryOperator<Map<String, Object>> addUnknownActor =
        d -> {
          d.putIfAbsent("actor", "unknown");
          return d;
        };
    register("JobPaused", 1, addUnknownActor);
    register("JobCancelled", 1, addUnknownActor);
    register(
        "JobStepFailed",
        1,
        d -> {
          Object retryable = d.remove("retryable");
          d.putIfAbsent("kind", Boolean.FALSE.equals(retryable) ? "FATAL" : "ERROR");
          return d;
        });
  }

  private EventUpcasters() {}

  private static void register(
      String eventType, int fromVersion, UnaryOperator<Map<String, Object>> upcaster) {
    UPCASTERS.put(new Key(eventType, fromVersion), upcaster);
  }

  /**
   * The document in the current shape.
   *
   * @throws IllegalArgumentException for a version newer than this code knows (written by a newer
   *     release)
   */
  public static Map<String, Object> upcast(
      String eventType, int schemaVersion, Map<String, Object> document) {
    if (schemaVersion > EventDocuments.CURRENT_SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          eventType
              + " has schema version "
              + schemaVersion
              + ", newer than this release knows ("
              + EventDocuments.CURRENT_SCHEMA_VERSION
              + "): upgrade Jobtrail to read it");
    }
    Map<String, Object> current = document;
    for (int v = schemaVersion; v < EventDocuments.CURRENT_SCHEMA_VERSION; v++) {
      var upcaster = UPCASTERS.get(new Key(eventType, v));
      if (upcaster != null) {
        current = upcaster.apply(new LinkedHashMap<>(current));
      }
    }
    return current;
  }
}
