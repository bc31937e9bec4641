package io.jobtrail.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Malformed and hostile requests get clean, coded errors, and the server stays healthy. */
class HostileInputTest extends RunningJobtrail {

  private WebTestClient http() {
    return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
  }

  private void assertCode(String document, Map<String, Object> variables, String code) {
    var request = graphQl(ADMIN).document(document);
    variables.forEach(request::variable);
    request
        .execute()
        .errors()
        .satisfy(
            errors -> {
              assertThat(errors).isNotEmpty();
              assertThat(errors).allSatisfy(e -> assertThat(e.getExtensions()).containsKey("code"));
              assertThat(errors.getFirst().getExtensions()).containsEntry("code", code);
            });
  }

  @Test
  void givenADepthBomb_whenQueried_thenLimitExceededBeforeExecution() {
    // Job.replayOf → ReplayOrigin.job (a summary) → JobSummary.job → Job ...: 3 levels a turn.
    String nested = "replayOf { job { job { ".repeat(5) + "id" + " } } }".repeat(5);
    // Twice: a parsed document is cached, and the limits must hold for the cached one too.
    for (int i = 0; i < 2; i++) {
      assertCode(
          "query($id: ID!) { job(id: $id) { " + nested + " } }",
          Map.of("id", "01a21a75-9f7d-72f4-ab04-6b81c7877277"),
          "LIMIT_EXCEEDED");
    }
  }

  @Test
  void givenAnOversizedRequest_whenPosted_thenPayloadTooLarge() {
    String big = "x".repeat(300_000);
    http()
        .post()
        .uri("/graphql")
        .header("Authorization", "Bearer " + ADMIN)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            Map.of(
                "query", "{ orchestratorStatus { instanceId } }", "variables", Map.of("pad", big)))
        .exchange()
        .expectStatus()
        .isEqualTo(413)
        .expectBody()
        .jsonPath("$.errors[0].extensions.code")
        .isEqualTo("PAYLOAD_TOO_LARGE");
  }

  @Test
  void givenMalformedIdsAndUnknownEnums_whenQueried_thenBadUserInput() {
    assertCode("{ job(id: \"../../etc/passwd\") { id } }", Map.of(), "BAD_USER_INPUT");
    assertCode(
        "{ jobs(filter: {status: [EXPLODED]}) { edges { cursor } } }", Map.of(), "BAD_USER_INPUT");
    assertCode("{ jobs(first: 100000) { edges { cursor } } }", Map.of(), "BAD_USER_INPUT");
    assertCode("{ jobs(after: \"garbage\") { edges { cursor } } }", Map.of(), "BAD_USER_INPUT");
    assertCode(
        "{ jobAt(jobId: \"01a21a75-9f7d-72f4-ab04-6b81c7877277\") { version } }",
        Map.of(),
        "BAD_USER_INPUT");
    assertCode("{ nope }", Map.of(), "BAD_USER_INPUT");
    assertCode("{ job(id: ", Map.of(), "BAD_USER_INPUT");
    assertCode(
        "mutation($input: CreateJobInput!) { createJob(input: $input) { id } }",
        Map.of("input", Map.of("name", "x", "task", "y", "limits", Map.of("maxIterations", -4))),
        "BAD_USER_INPUT");
    assertCode(
        "mutation($input: CreateJobInput!) { createJob(input: $input) { id } }",
        Map.of(
            "input",
            Map.of("name", "x", "task", "y", "agents", Map.of("coder", Map.of("kind", "Rm -rf")))),
        "BAD_USER_INPUT");
  }

  @Test
  void givenAMutationInAGet_whenSent_thenRejectedAndNothingChanges() {
    http()
        .get()
        .uri(
            "/graphql?query={query}",
            "mutation { createJob(input: {name: \"get\", task: \"t\"}) { id } }")
        .header("Authorization", "Bearer " + ADMIN)
        .exchange()
        .expectStatus()
        .value(status -> assertThat(status).isIn(400, 405));
    graphQl(VIEWER)
        .document("{ jobs(filter: {nameContains: \"get\"}) { edges { node { name } } } }")
        .execute()
        .path("jobs.edges[*].node.name")
        .entityList(String.class)
        .satisfies(names -> assertThat(names).doesNotContain("get"));
  }

  @Test
  void afterHostileInput_theServerStaysHealthy() {
    givenMalformedIdsAndUnknownEnums_whenQueried_thenBadUserInput();
    http().get().uri("/actuator/health").exchange().expectStatus().isOk();
    graphQl(VIEWER).document("{ jobs { edges { cursor } } }").execute().errors().verify();
  }
}
