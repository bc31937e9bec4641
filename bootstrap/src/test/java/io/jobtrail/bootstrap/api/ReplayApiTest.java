package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replay for debugging: fork a failed job from an event before the failure with the failure
 * injection removed; the fork completes, the original is unchanged, and the comparison shows why.
 */
class ReplayApiTest extends RunningJobtrail {

  /** A JSON merge patch that removes the failure injection. */
  private static Map<String, Object> removeFailAt() {
    var patch = new java.util.HashMap<String, Object>();
    patch.put("failAt", null);
    return patch;
  }

  @Test
  void givenAFailedJob_whenReplayedBeforeTheFailureWithoutIt_thenTheForkCompletesAndDiffers() {
    Map<String, Object> failing =
        Map.of(
            "name",
            "fails at the coder",
            "task",
            "refactor the parser",
            "parameters",
            Map.of("simulated", Map.of("latencyMs", 20, "failAt", Map.of("role", "CODER"))),
            "limits",
            Map.of("maxAttempts", 1));
    String original =
        graphQl(OPERATOR)
            .document("mutation($input: CreateJobInput!) { createJob(input: $input) { id } }")
            .variable("input", failing)
            .execute()
            .path("createJob.id")
            .entity(String.class)
            .get();
    await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(original).equals("FAILED"));

    List<Map> events =
        graphQl(VIEWER)
            .document("query($id: ID!) { jobEvents(jobId: $id) { sequence eventType } }")
            .variable("id", original)
            .execute()
            .path("jobEvents")
            .entityList(Map.class)
            .get();
    int originalVersion = events.size();
    int coderStarted =
        events.stream()
            .filter(e -> e.get("eventType").equals("CoderStarted"))
            .map(e -> ((Number) e.get("sequence")).intValue())
            .findFirst()
            .orElseThrow();

    var replay =
        graphQl(OPERATOR)
            .document(
                "mutation($id: ID!, $v: Int!, $o: JSON) { replayJob(id: $id, fromVersion: $v,"
                    + " overrides: $o) { id replayOf { jobId version } parameters } }")
            .variable("id", original)
            .variable("v", coderStarted)
            .variable("o", Map.of("simulated", removeFailAt()))
            .execute();
    replay.path("replayJob.replayOf.jobId").entity(String.class).isEqualTo(original);
    replay.path("replayJob.replayOf.version").entity(Integer.class).isEqualTo(coderStarted);
    String fork = replay.path("replayJob.id").entity(String.class).get();

    await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(fork).equals("COMPLETED"));

    assertThat(jobStatus(original)).isEqualTo("FAILED");
    graphQl(VIEWER)
        .document("query($id: ID!) { job(id: $id) { version } }")
        .variable("id", original)
        .execute()
        .path("job.version")
        .entity(Integer.class)
        .isEqualTo(originalVersion);

    var comparison =
        graphQl(VIEWER)
            .document(
                "query($l: ID!, $r: ID!) { compareJobs(left: $l, right: $r) {"
                    + " differences { path left right }"
                    + " steps { stepId differs attempts { attempt differs } } } }")
            .variable("l", original)
            .variable("r", fork)
            .execute();
    comparison
        .path("compareJobs.differences[?(@.path == '/status')].left")
        .entityList(String.class)
        .containsExactly("FAILED");
    comparison
        .path("compareJobs.differences[?(@.path == '/status')].right")
        .entityList(String.class)
        .containsExactly("COMPLETED");
    comparison
        .path("compareJobs.differences[*].path")
        .entityList(String.class)
        .satisfies(paths -> assertThat(paths).anyMatch(p -> p.startsWith("/parameters/")));
    comparison
        .path("compareJobs.steps[?(@.stepId == 'code-1')].differs")
        .entityList(Boolean.class)
        .containsExactly(true);
    graphQl(VIEWER)
        .document("query($id: ID!) { verifyJob(jobId: $id) { ok } }")
        .variable("id", fork)
        .execute()
        .path("verifyJob.ok")
        .entity(Boolean.class)
        .isEqualTo(true);

    var family =
        graphQl(VIEWER)
            .document(
                "query($id: ID!) { jobFamily(id: $id) { rootId truncated"
                    + " members { job { id status } parentId depth } } }")
            .variable("id", fork)
            .execute();
    family.path("jobFamily.rootId").entity(String.class).isEqualTo(original);
    family
        .path("jobFamily.members[*].job.id")
        .entityList(String.class)
        .containsExactly(original, fork);
    family.path("jobFamily.members[1].parentId").entity(String.class).isEqualTo(original);
    family.path("jobFamily.members[1].depth").entity(Integer.class).isEqualTo(1);

    var analysis =
        graphQl(VIEWER)
            .document(
                "query($id: ID!) { jobAnalysis(familyOf: $id) { jobCount outcomes { status count }"
                    + " steps { stepId figures { runs succeeded failed successRate attempts"
                    + " attemptP50Ms spend { totalTokens costUsd calls } } }"
                    + " replays { original { id } replay { id } forkedAtVersion copiedSteps"
                    + " rerunSteps originalStatus replayStatus replaySpend { calls } } } }")
            .variable("id", original)
            .execute();
    analysis.path("jobAnalysis.jobCount").entity(Integer.class).isEqualTo(2);
    analysis
        .path("jobAnalysis.outcomes[?(@.status == 'FAILED')].count")
        .entityList(Integer.class)
        .containsExactly(1);
    analysis
        .path("jobAnalysis.steps[?(@.stepId == 'code-1')].figures.runs")
        .entityList(Integer.class)
        .containsExactly(2);
    analysis
        .path("jobAnalysis.steps[?(@.stepId == 'code-1')].figures.successRate")
        .entityList(Double.class)
        .containsExactly(0.5);
    analysis
        .path("jobAnalysis.steps[?(@.stepId == 'plan')].figures.runs")
        .entityList(Integer.class)
        .containsExactly(1); // The fork copied the plan: it ran once, in the original.
    analysis.path("jobAnalysis.replays[0].replay.id").entity(String.class).isEqualTo(fork);
    analysis
        .path("jobAnalysis.replays[0].forkedAtVersion")
        .entity(Integer.class)
        .isEqualTo(coderStarted);
    analysis
        .path("jobAnalysis.replays[0].copiedSteps")
        .entityList(String.class)
        .containsExactly("plan");
    analysis
        .path("jobAnalysis.replays[0].replayStatus")
        .entity(String.class)
        .isEqualTo("COMPLETED");
  }

  @Test
  void givenBothAFamilyAndAFilter_whenAnalysed_thenBadUserInputNamingTheField() {
    graphQl(VIEWER)
        .document(
            "{ jobAnalysis(familyOf: \"01a21a75-9f7d-72f4-ab04-6b81c7877277\", filter: {}) { jobCount } }")
        .execute()
        .errors()
        .satisfy(badInputNaming("familyOf"));
    graphQl(VIEWER)
        .document("{ jobAnalysis(limit: 0) { jobCount } }")
        .execute()
        .errors()
        .satisfy(badInputNaming("limit"));
  }
}
