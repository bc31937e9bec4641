package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A replay that changes only the critique's agent settings and reuses unchanged outputs: over real
 * HTTP, the fork reuses the plan and the code (no call), runs the critique again, and says so in
 * its attempts, its usage and the comparison with the original.
 */
class ReuseApiTest extends RunningJobtrail {

  private static final String REPLAY =
      "mutation($id: ID!, $v: Int!, $a: AgentsInput, $r: ReuseMode) {"
          + " replayJob(id: $id, fromVersion: $v, agents: $a, reuse: $r) {"
          + " id replayOf { jobId version reuse } agents { critique { settings } } } }";

  private static final Map<String, Object> STRICTER_CRITIQUE =
      Map.of("critique", Map.of("kind", "simulated", "settings", Map.of("latencyMs", 5)));

  private String completedJob() {
    String id =
        graphQl(OPERATOR)
            .document("mutation($input: CreateJobInput!) { createJob(input: $input) { id } }")
            .variable(
                "input",
                Map.of(
                    "name",
                    "reused",
                    "task",
                    "write a slugify function",
                    "parameters",
                    Map.of("simulated", Map.of("latencyMs", 20))))
            .execute()
            .path("createJob.id")
            .entity(String.class)
            .get();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(id).equals("COMPLETED"));
    return id;
  }

  private int replaysOf(String id) {
    return graphQl(VIEWER)
        .document("query($id: ID!) { job(id: $id) { replays { id } } }")
        .variable("id", id)
        .execute()
        .path("job.replays")
        .entityList(Map.class)
        .get()
        .size();
  }

  @Test
  void givenACompletedJob_whenReplayedWithANewCritiqueReusingUnchangedInputs_thenOnlyItRuns() {
    String original = completedJob();

    var replay =
        graphQl(OPERATOR)
            .document(REPLAY)
            .variable("id", original)
            .variable("v", 2)
            .variable("a", STRICTER_CRITIQUE)
            .variable("r", "UNCHANGED_INPUTS")
            .execute();
    replay.path("replayJob.replayOf.reuse").entity(String.class).isEqualTo("UNCHANGED_INPUTS");
    replay.path("replayJob.agents.critique.settings.latencyMs").entity(Integer.class).isEqualTo(5);
    String fork = replay.path("replayJob.id").entity(String.class).get();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(fork).equals("COMPLETED"));

    var job =
        graphQl(VIEWER)
            .document(
                "query($id: ID!) { job(id: $id) { reusedSteps"
                    + " usage { calls totalTokens } reused { calls totalTokens agentTimeMs }"
                    + " steps { id attempts { copied reusedFrom { jobId version } } } } }")
            .variable("id", fork)
            .execute();
    job.path("job.reusedSteps").entityList(String.class).containsExactly("plan", "code-1");
    job.path("job.steps[?(@.id == 'plan')].attempts[0].reusedFrom.jobId")
        .entityList(String.class)
        .containsExactly(original);
    job.path("job.steps[?(@.id == 'code-1')].attempts[0].reusedFrom.jobId")
        .entityList(String.class)
        .containsExactly(original);
    job.path("job.steps[?(@.id == 'critique-1')].attempts[0].reusedFrom")
        .entityList(Object.class)
        .satisfies(froms -> assertThat(froms).containsOnlyNulls());
    job.path("job.usage.calls").entity(Integer.class).isEqualTo(1);
    job.path("job.reused.calls").entity(Integer.class).isEqualTo(2);
    job.path("job.reused.totalTokens")
        .entity(Integer.class)
        .satisfies(tokens -> assertThat(tokens).isPositive());

    List<Map> originalEvents =
        graphQl(VIEWER)
            .document("query($id: ID!) { jobEvents(jobId: $id) { sequence eventType } }")
            .variable("id", original)
            .execute()
            .path("jobEvents")
            .entityList(Map.class)
            .get();
    int planCompleted =
        originalEvents.stream()
            .filter(e -> e.get("eventType").equals("PlannerCompleted"))
            .map(e -> ((Number) e.get("sequence")).intValue())
            .findFirst()
            .orElseThrow();
    job.path("job.steps[?(@.id == 'plan')].attempts[0].reusedFrom.version")
        .entityList(Integer.class)
        .containsExactly(planCompleted);

    var comparison =
        graphQl(VIEWER)
            .document(
                "query($l: ID!, $r: ID!) { compareJobs(left: $l, right: $r) {"
                    + " right { reusedSteps reused { calls totalTokens } }"
                    + " differences { path }"
                    + " steps { stepId differs right { attempts { reusedFrom { jobId } } } } } }")
            .variable("l", original)
            .variable("r", fork)
            .execute();
    comparison
        .path("compareJobs.right.reusedSteps")
        .entityList(String.class)
        .containsExactly("plan", "code-1");
    comparison.path("compareJobs.right.reused.calls").entity(Integer.class).isEqualTo(2);
    comparison
        .path("compareJobs.steps[?(@.stepId == 'plan')].differs")
        .entityList(Boolean.class)
        .containsExactly(false);
    comparison
        .path("compareJobs.differences[*].path")
        .entityList(String.class)
        .satisfies(paths -> assertThat(paths).anyMatch(p -> p.startsWith("/agents/critique")));
    graphQl(VIEWER)
        .document("query($id: ID!) { verifyJob(jobId: $id) { ok } }")
        .variable("id", fork)
        .execute()
        .path("verifyJob.ok")
        .entity(Boolean.class)
        .isEqualTo(true);
  }

  @Test
  void givenBadReuseOrAgents_whenReplayed_thenBadUserInputAndNoFork() {
    String original = completedJob();

    graphQl(OPERATOR)
        .document(REPLAY)
        .variable("id", original)
        .variable("v", 2)
        .variable("r", "SOMETIMES")
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .singleElement()
                    .satisfies(
                        e ->
                            assertThat(e.getExtensions()).containsEntry("code", "BAD_USER_INPUT")));
    graphQl(OPERATOR)
        .document(REPLAY)
        .variable("id", original)
        .variable("v", 2)
        .variable("a", Map.of("coder", Map.of("kind", "No Such Kind!")))
        .variable("r", "UNCHANGED_INPUTS")
        .execute()
        .errors()
        .satisfy(badInputNaming("agents.coder"));
    graphQl(OPERATOR)
        .document(REPLAY)
        .variable("id", original)
        .variable("v", 2)
        .variable(
            "a",
            Map.of(
                "critique",
                Map.of("kind", "openai", "settings", Map.of("model", "m", "apiKey", "sk-inline"))))
        .variable("r", "UNCHANGED_INPUTS")
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors)
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getExtensions()).containsEntry("code", "BAD_USER_INPUT");
                          assertThat(e.getExtensions())
                              .containsEntry("field", "agents.critique.settings");
                          assertThat(e.getMessage()).doesNotContain("sk-inline");
                        }));

    assertThat(replaysOf(original)).as("no refused replay made a fork").isZero();
  }
}
