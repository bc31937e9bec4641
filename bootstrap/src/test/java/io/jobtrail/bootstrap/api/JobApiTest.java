package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The GraphQL and REST API over real HTTP against a real database. */
class JobApiTest extends RunningJobtrail {

  private static final String CREATE =
      """
      mutation($input: CreateJobInput!) {
        createJob(input: $input) { id name status version createdBy }
      }
      """;

  private String createJob(String name) {
    return graphQl(OPERATOR)
        .document(CREATE)
        .variable("input", input(name, "write a haiku about logs"))
        .execute()
        .path("createJob.id")
        .entity(String.class)
        .get();
  }

  @Test
  void givenOperator_whenCreatingJob_thenItIsStoredWithItsCreator() {
    String name = "skeleton-" + UUID.randomUUID();
    var created =
        graphQl(OPERATOR).document(CREATE).variable("input", input(name, "a task")).execute();
    created.path("createJob.name").entity(String.class).isEqualTo(name);
    created.path("createJob.status").entity(String.class).isEqualTo("PENDING");
    created.path("createJob.version").entity(Integer.class).isEqualTo(1);
    created.path("createJob.createdBy").entity(String.class).isEqualTo("otto");
    String id = created.path("createJob.id").entity(String.class).get();

    var read =
        graphQl(VIEWER)
            .document(
                "query($id: ID!) { job(id: $id) { id name status"
                    + " events { eventType sequence metadata { userId traceId spanId instanceId version } } } }")
            .variable("id", id)
            .execute();
    read.path("job.name").entity(String.class).isEqualTo(name);
    read.path("job.events[0].eventType").entity(String.class).isEqualTo("JobCreated");
    read.path("job.events[0].sequence").entity(Integer.class).isEqualTo(1);
    read.path("job.events[0].metadata.userId").entity(String.class).isEqualTo("otto");
    read.path("job.events[0].metadata.traceId")
        .entity(String.class)
        .satisfies(trace -> assertThat(trace).matches("[0-9a-f]{32}"));
    read.path("job.events[0].metadata.spanId")
        .entity(String.class)
        .satisfies(span -> assertThat(span).matches("[0-9a-f]{16}"));
  }

  @Test
  void givenEmptyName_whenCreatingJob_thenBadUserInputAndNothingStored() {
    String task = "task-" + UUID.randomUUID();
    graphQl(OPERATOR)
        .document(CREATE)
        .variable("input", Map.of("name", "  ", "task", task))
        .execute()
        .errors()
        .satisfy(
            errors -> {
              assertThat(errors).hasSize(1);
              assertThat(errors.getFirst().getExtensions()).containsEntry("code", "BAD_USER_INPUT");
              assertThat(errors.getFirst().getMessage()).contains("name must not be empty");
            });
    graphQl(OPERATOR)
        .document(CREATE)
        .variable("input", Map.of("name", "no task", "task", ""))
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.getFirst().getExtensions())
                    .containsEntry("code", "BAD_USER_INPUT"));
    graphQl(VIEWER)
        .document("{ jobs(filter: {nameContains: \"no task\"}) { edges { node { id } } } }")
        .execute()
        .path("jobs.edges")
        .entityList(Object.class)
        .hasSize(0);
  }

  @Test
  void givenJobs_whenListed_thenPagedByCursorWithTheTotalAndTheCountsPerStatus() {
    String name = "listed " + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      graphQl(OPERATOR).document(CREATE).variable("input", input(name, "wait")).execute();
    }
    String page =
        "query($f: JobFilter, $after: String, $sort: JobSort) { jobs(filter: $f, first: 2,"
            + " after: $after, sort: $sort) { totalCount counts { status count } edges { node { id"
            + " status } } pageInfo { hasNextPage endCursor } } }";
    var first =
        graphQl(VIEWER).document(page).variable("f", Map.of("nameContains", name)).execute();
    first.path("jobs.totalCount").entity(Integer.class).isEqualTo(3);
    first
        .path("jobs.counts[?(@.status == 'PENDING')].count")
        .entityList(Integer.class)
        .containsExactly(3);
    first.path("jobs.counts[*].status").entityList(String.class).contains("QUEUED", "RUNNING");
    first.path("jobs.edges").entityList(Object.class).hasSize(2);
    first.path("jobs.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
    String cursor = first.path("jobs.pageInfo.endCursor").entity(String.class).get();

    var second =
        graphQl(VIEWER)
            .document(page)
            .variable("f", Map.of("nameContains", name))
            .variable("after", cursor)
            .execute();
    second.path("jobs.edges").entityList(Object.class).hasSize(1);
    second.path("jobs.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);

    graphQl(VIEWER)
        .document(page)
        .variable("f", Map.of("nameContains", name))
        .variable("after", cursor)
        .variable("sort", "DURATION")
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.getFirst().getExtensions())
                    .containsEntry("code", "BAD_USER_INPUT"));
  }

  @Test
  void givenUnknownOrMalformedId_whenReadingJob_thenNullOrBadUserInput() {
    graphQl(VIEWER)
        .document("query($id: ID!) { job(id: $id) { id } }")
        .variable("id", UUID.randomUUID().toString())
        .execute()
        .path("job")
        .valueIsNull();
    graphQl(VIEWER)
        .document("query($id: ID!) { job(id: $id) { id } }")
        .variable("id", "not-a-uuid'; drop table job_events; --")
        .execute()
        .errors()
        .satisfy(
            errors -> {
              assertThat(errors.getFirst().getExtensions()).containsEntry("code", "BAD_USER_INPUT");
              assertThat(errors.getFirst().getMessage()).contains("is not a job id");
            });
  }

  @Test
  void givenViewerOrNoToken_whenCreatingJob_thenForbiddenOrUnauthenticated() {
    graphQl(VIEWER)
        .document(CREATE)
        .variable("input", input("nope", "nope"))
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.getFirst().getExtensions()).containsEntry("code", "FORBIDDEN"));
    anonymousGraphQl()
        .document(CREATE)
        .variable("input", input("nope", "nope"))
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.getFirst().getExtensions())
                    .containsEntry("code", "UNAUTHENTICATED"));
  }

  @Test
  void givenJob_whenControlling_thenTransitionsAreRecordedOrRejectedWithReason() {
    String id = createJob("control-" + UUID.randomUUID());
    var operator = graphQl(OPERATOR);
    operator
        .document("mutation($id: ID!) { resumeJob(id: $id) { status } }")
        .variable("id", id)
        .execute()
        .errors()
        .satisfy(
            errors -> {
              assertThat(errors.getFirst().getExtensions())
                  .containsEntry("code", "INVALID_TRANSITION")
                  .containsEntry("reason", "NOT_PAUSED");
            });
    operator
        .document(
            "mutation($id: ID!) { cancelJob(id: $id, reason: \"not needed\") { status cancelReason } }")
        .variable("id", id)
        .execute()
        .path("cancelJob.status")
        .entity(String.class)
        .isEqualTo("CANCELLED");
    operator
        .document("mutation($id: ID!) { startJob(id: $id) { status } }")
        .variable("id", id)
        .execute()
        .errors()
        .satisfy(
            errors ->
                assertThat(errors.getFirst().getExtensions())
                    .containsEntry("reason", "JOB_FINISHED"));
  }

  @Test
  void givenJob_whenReadingEventsOverRest_thenTheEnvelopeIsReturned() {
    String id = createJob("rest-" + UUID.randomUUID());
    WebTestClient client = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    client
        .get()
        .uri("/api/orchestrator/events?jobId={id}", id)
        .header("Authorization", "Bearer " + VIEWER)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.events[0].eventType")
        .isEqualTo("JobCreated")
        .jsonPath("$.events[0].jobId")
        .isEqualTo(id)
        .jsonPath("$.events[0].sequence")
        .isEqualTo(1)
        .jsonPath("$.events[0].metadata.userId")
        .isEqualTo("otto");
    client
        .get()
        .uri("/api/orchestrator/events?jobId={id}", id)
        .exchange()
        .expectStatus()
        .isEqualTo(HttpStatus.UNAUTHORIZED)
        .expectBody()
        .jsonPath("$.code")
        .isEqualTo("UNAUTHENTICATED");
    String ndjson =
        client
            .get()
            .uri("/api/orchestrator/jobs/{id}/events.ndjson", id)
            .header("Authorization", "Bearer " + VIEWER)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
    assertThat(ndjson).isNotNull();
    List<String> lines = ndjson.lines().toList();
    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst()).contains("\"eventType\":\"JobCreated\"");
  }
}
