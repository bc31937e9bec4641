package io.jobtrail.application.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.ReplayOrigin;
import io.jobtrail.domain.job.ReuseMode;
import io.jobtrail.domain.job.ReusedFrom;
import io.jobtrail.domain.job.StepId;
import io.jobtrail.domain.job.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Reused outputs and the reuse mode in the stored documents, and events stored before them. */
class EventDocumentsReuseTest {

  private static final Instant AT = Instant.parse("2025-03-01T09:00:00.123456Z");
  private static final JobId ORIGINAL =
      new JobId(UUID.fromString("0190f0e4-0000-7000-8000-00000000000a"));

  @Test
  void givenCompletionsStoredBeforeReuseExisted_whenUpcastAndRead_thenTheyAreNotReused() {
    Map<String, Object> usage =
        Map.of("parameters", Map.of(), "latencyMs", 12, "model", "simulated-1");
    Map<String, Map<String, Object>> stored =
        Map.of(
            "PlannerCompleted",
            Map.of(
                "stepId",
                "plan",
                "attempt",
                1,
                "plan",
                "1. add",
                "usage",
                usage,
                "at",
                AT.toString()),
            "CoderCompleted",
            Map.of("stepId", "code-1", "attempt", 1, "artifact", "a", "at", AT.toString()),
            "CritiqueCompleted",
            Map.of(
                "stepId",
                "critique-1",
                "attempt",
                2,
                "verdict",
                "APPROVED",
                "feedback",
                "ok",
                "at",
                AT.toString()));

    stored.forEach(
        (type, document) -> {
          JobEvent event =
              EventDocuments.read(
                  type,
                  EventUpcasters.upcast(type, EventDocuments.CURRENT_SCHEMA_VERSION, document));
          assertThat(reusedFrom(event)).as(type).isNull();
          assertThat(CanonicalJson.write(EventDocuments.write(event)))
              .as("%s is written, and hashed, as it was stored", type)
              .isEqualTo(CanonicalJson.write(document));
        });
  }

  private static @Nullable ReusedFrom reusedFrom(JobEvent event) {
    if (event instanceof JobEvent.PlannerCompleted c) {
      return c.reusedFrom();
    }
    if (event instanceof JobEvent.CoderCompleted c) {
      return c.reusedFrom();
    }
    if (event instanceof JobEvent.CritiqueCompleted c) {
      return c.reusedFrom();
    }
    throw new AssertionError("not a completion: " + event);
  }

  @Test
  void givenAReplayOriginStoredBeforeReuseExisted_whenRead_thenItReusesNothing() {
    Map<String, Object> stored =
        Map.of("jobId", ORIGINAL.toString(), "version", 4, "overrides", Map.of("a", 1));

    ReplayOrigin origin = EventDocuments.replayOrigin(stored);

    assertThat(origin.reuse()).isEqualTo(ReuseMode.NONE);
    assertThat(CanonicalJson.write(EventDocuments.replayOrigin(origin)))
        .isEqualTo(CanonicalJson.write(stored));
  }

  @Test
  void givenReusedCompletionsAndAReusingOrigin_whenWrittenAndRead_thenEqual() {
    var from = new ReusedFrom(ORIGINAL, 7);
    var usage = new AgentUsage("simulated-1", Map.of(), AgentUsage.Tokens.of(50, 20), 300, 0.00002);
    List<JobEvent> events =
        List.of(
            new JobEvent.PlannerCompleted(new StepId("plan"), 1, "p", usage, from, AT),
            new JobEvent.CoderCompleted(new StepId("code-1"), 1, "a", usage, from, AT),
            new JobEvent.CritiqueCompleted(
                new StepId("critique-1"), 1, Verdict.APPROVED, "ok", usage, from, AT));
    for (JobEvent event : events) {
      Map<String, Object> written = EventDocuments.write(event);
      assertThat(written)
          .containsEntry("reusedFrom", Map.of("jobId", ORIGINAL.toString(), "version", 7L));
      assertThat(EventDocuments.read(event.eventType(), written)).isEqualTo(event);
    }
    var origin = new ReplayOrigin(ORIGINAL, 4, Map.of(), ReuseMode.UNCHANGED_INPUTS);
    assertThat(EventDocuments.replayOrigin(EventDocuments.replayOrigin(origin))).isEqualTo(origin);
    assertThat(EventDocuments.replayOrigin(origin)).containsEntry("reuse", "UNCHANGED_INPUTS");
  }
}
