package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Subscriptions over a real WebSocket (graphql-transport-ws). */
class JobSubscriptionTest extends RunningJobtrail {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void givenJob_whenCommanded_thenEachUpdateCarriesTheJobAsAFreshQueryWouldShowIt() {
    String id = createJob();
    var updates =
        socket(VIEWER)
            .document(
                "subscription($id: ID!) { jobStatusUpdated(jobId: $id) { version"
                    + " job { status version cancelReason steps { id } } } }")
            .variable("id", id)
            .executeSubscription()
            .toFlux("jobStatusUpdated", Map.class);
    StepVerifier.create(updates)
        .assertNext(first -> assertThat(first.toString()).contains("status=PENDING", "version=1"))
        .then(() -> command("cancelJob", id))
        .assertNext(
            next -> {
              @SuppressWarnings("unchecked")
              var job = (Map<String, Object>) next.get("job");
              var fresh =
                  graphQl(VIEWER)
                      .document(
                          "query($id: ID!) { job(id: $id) { status version cancelReason steps { id"
                              + " } } }")
                      .variable("id", id)
                      .execute()
                      .path("job")
                      .entity(Map.class)
                      .get();
              assertThat(job).isEqualTo(fresh).containsEntry("status", "CANCELLED");
            })
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void givenAListSubscriber_whenAJobIsCreated_thenItsSummaryArrivesWithTheCounts() {
    String name = "listed-" + UUID.randomUUID();
    var changes =
        socket(VIEWER)
            .document(
                "subscription($f: JobFilter) { jobSummariesChanged(filter: $f) {"
                    + " jobs { id name status } counts { status count } } }")
            .variable("f", Map.of("nameContains", name))
            .executeSubscription()
            .toFlux("jobSummariesChanged", Map.class);
    var id = new String[1];
    StepVerifier.create(changes)
        .assertNext(current -> assertThat((List<?>) current.get("jobs")).isEmpty())
        .then(
            () ->
                id[0] =
                    graphQl(OPERATOR)
                        .document(
                            "mutation($input: CreateJobInput!) { createJob(input: $input) { id } }")
                        .variable("input", input(name, "list me"))
                        .execute()
                        .path("createJob.id")
                        .entity(String.class)
                        .get())
        // Jobs of other tests may change first: the summaries are of every job that changed.
        .thenConsumeWhile(change -> !change.get("jobs").toString().contains(id[0]))
        .assertNext(
            change -> {
              assertThat(change.get("jobs").toString()).contains(id[0], name, "PENDING");
              assertThat(change.get("counts").toString()).contains("{status=PENDING, count=1}");
            })
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void givenJob_whenSubscribedToStatus_thenCurrentStatusThenEachChangeWithItsEvents() {
    String id = createJob();
    var updates =
        socket(VIEWER)
            .document(
                "subscription($id: ID!) { jobStatusUpdated(jobId: $id) { jobId status version"
                    + " events { eventType sequence } } }")
            .variable("id", id)
            .executeSubscription()
            .toFlux("jobStatusUpdated", Map.class);
    StepVerifier.create(updates)
        .assertNext(
            first -> {
              assertThat(first).containsEntry("jobId", id).containsEntry("status", "PENDING");
              assertThat((List<?>) first.get("events")).isEmpty();
            })
        .then(() -> command("cancelJob", id))
        .assertNext(
            next -> {
              assertThat(next).containsEntry("status", "CANCELLED").containsEntry("version", 2);
              assertThat(next.get("events").toString()).contains("JobCancelled");
            })
        .thenCancel()
        .verify(TIMEOUT);
  }

  @Test
  void givenDroppedSubscriber_whenResumingWithLastCursor_thenExactlyTheMissedEventsInOrder() {
    String id = createJob();
    String document =
        "subscription($id: ID, $after: String) { jobEvents(jobId: $id, after: $after) {"
            + " eventType sequence cursor } }";
    List<Map> first =
        socket(VIEWER)
            .document(document)
            .variable("id", id)
            .executeSubscription()
            .toFlux("jobEvents", Map.class)
            .take(1)
            .collectList()
            .block(TIMEOUT);
    assertThat(first).hasSize(1);
    assertThat(first.getFirst())
        .containsEntry("eventType", "JobCreated")
        .containsEntry("sequence", 1);
    String cursor = (String) first.getFirst().get("cursor");

    command("startJob", id);
    command("pauseJob", id);
    command("cancelJob", id);

    List<Map> resumed =
        socket(VIEWER)
            .document(document)
            .variable("id", id)
            .variable("after", cursor)
            .executeSubscription()
            .toFlux("jobEvents", Map.class)
            .takeUntil(e -> "JobCancelled".equals(e.get("eventType")))
            .collectList()
            .block(TIMEOUT);
    // The orchestrator may record steps between the commands: whatever happened arrives, exactly
    // once and in order, starting right after the cursor.
    assertThat(resumed)
        .extracting(e -> ((Number) e.get("sequence")).intValue())
        .containsExactlyElementsOf(
            java.util.stream.IntStream.rangeClosed(2, resumed.size() + 1).boxed().toList());
    assertThat(resumed.getFirst()).containsEntry("eventType", "JobStarted");
    assertThat(resumed)
        .extracting(e -> (String) e.get("eventType"))
        .containsSubsequence("JobStarted", "JobPaused", "JobCancelled");
  }

  @Test
  void givenARunningJob_whenStreamingItsLogs_thenEveryLineArrivesInSequence() {
    String id =
        graphQl(OPERATOR)
            .document("mutation($input: CreateJobInput!) { createJob(input: $input) { id } }")
            .variable(
                "input",
                Map.of(
                    "name",
                    "logs-" + UUID.randomUUID(),
                    "task",
                    "talk",
                    "parameters",
                    Map.of("simulated", Map.of("latencyMs", 20))))
            .execute()
            .path("createJob.id")
            .entity(String.class)
            .get();
    List<Map> lines =
        socket(VIEWER)
            .document(
                "subscription($id: ID!) { jobLogsStream(jobId: $id) { jobId sequence level stepId"
                    + " message traceId } }")
            .variable("id", id)
            .executeSubscription()
            .toFlux("jobLogsStream", Map.class)
            .take(3)
            .timeout(TIMEOUT)
            .onErrorResume(
                java.util.concurrent.TimeoutException.class,
                e -> reactor.core.publisher.Flux.empty())
            .collectList()
            .block();
    assertThat(lines)
        .as(
            () ->
                "log lines of a job that is now "
                    + graphQl(VIEWER)
                        .document(
                            "query($id: ID!) { job(id: $id) { status version logs { sequence } } }")
                        .variable("id", id)
                        .execute()
                        .path("job")
                        .entity(Map.class)
                        .get())
        .extracting(l -> l.get("sequence"))
        .containsExactly(1, 2, 3);
    assertThat(lines)
        .extracting(l -> l.get("stepId"))
        .containsExactly("plan", "code-1", "critique-1");
    assertThat(lines).allSatisfy(l -> assertThat(l.get("traceId")).isNotNull());
  }

  @Test
  void givenAWatcher_whenSubscribedToHealth_thenItGetsTheOrchestratorStatus() {
    Map status =
        socket(VIEWER)
            .document(
                "subscription { orchestratorHealth { instanceId runningJobs subscribers"
                    + " instances { id } timestamp } }")
            .executeSubscription()
            .toFlux("orchestratorHealth", Map.class)
            .blockFirst(TIMEOUT);
    assertThat(status).isNotNull();
    assertThat((String) status.get("instanceId")).isNotBlank();
    assertThat((List<?>) status.get("instances")).isNotEmpty();
    assertThat((Integer) status.get("subscribers")).isGreaterThanOrEqualTo(0);
  }

  @Test
  void givenBadToken_whenConnecting_thenTheSubscriptionFailsUnauthenticated() {
    var updates =
        socket("wrong-token-0123456789")
            .document("subscription { jobEvents { eventType } }")
            .executeSubscription()
            .toFlux("jobEvents", Map.class);
    StepVerifier.create(updates).expectError().verify(TIMEOUT);
  }
}
