package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.bootstrap.api.RunningJobtrail;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Unusual and hostile input, sent as raw HTTP: each gets a defined, coded answer in the GraphQL
 * response shape (never HTTP 500, never internal text), and nothing is stored.
 */
class EdgeInputTest extends RunningJobtrail {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();

  record Answer(int status, String contentType, Map<String, Object> body, String raw) {
    @SuppressWarnings("unchecked")
    Map<String, Object> firstError() {
      return ((List<Map<String, Object>>) body.get("errors")).getFirst();
    }

    @SuppressWarnings("unchecked")
    String code() {
      return (String) ((Map<String, Object>) firstError().get("extensions")).get("code");
    }

    @SuppressWarnings("unchecked")
    Object extension(String name) {
      return ((Map<String, Object>) firstError().get("extensions")).get(name);
    }
  }

  private Answer post(String body, String contentType) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
            .header("Authorization", "Bearer " + ADMIN)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  private Answer get(String pathAndQuery) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
            .header("Authorization", "Bearer " + ADMIN)
            .GET()
            .build();
    return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  @SuppressWarnings("unchecked")
  private static Answer answer(HttpResponse<String> response) {
    Map<String, Object> body;
    try {
      body = JSON.readValue(response.body(), Map.class);
    } catch (RuntimeException e) {
      body = Map.of();
    }
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        body,
        response.body());
  }

  private Answer createJob(String inputJson) throws Exception {
    return post(
        "{\"query\":\"mutation($in: CreateJobInput!) { createJob(input: $in) { id } }\","
            + "\"variables\":{\"in\":"
            + inputJson
            + "}}",
        "application/json");
  }

  private static String query(String q) {
    return JSON.writeValueAsString(Map.of("query", q));
  }

  private long jobsNamed(String name) throws Exception {
    Answer answer =
        post(
            query(
                "{ jobs(filter: {nameContains: \""
                    + name
                    + "\"}, first: 50) { edges { cursor } } }"),
            "application/json");
    @SuppressWarnings("unchecked")
    var jobs = (Map<String, Object>) ((Map<String, Object>) answer.body().get("data")).get("jobs");
    return ((List<?>) jobs.get("edges")).size();
  }

  private static void assertCoded(Answer answer, String code) {
    assertThat(answer.status()).as(answer.raw()).isLessThan(500);
    assertThat(answer.code()).as(answer.raw()).isEqualTo(code);
    assertThat(answer.raw()).doesNotContain("Exception", "java.", "at io.", "org.springframework");
  }

  @Test
  void givenAJsonIntegerBeyond64Bits_whenCreatingAJob_thenBadUserInputAndNothingStored()
      throws Exception {
    Answer answer =
        createJob(
            "{\"name\":\"edge-bigint\",\"task\":\"t\",\"start\":false,"
                + "\"parameters\":{\"n\":123456789012345678901234567890}}");

    assertCoded(answer, "BAD_USER_INPUT");
    assertThat(answer.firstError().get("message").toString()).contains("64 bits");
    assertThat(jobsNamed("edge-bigint")).isZero();
  }

  @Test
  void givenANulCharacter_whenCreatingAJob_thenBadUserInputNamingTheField() throws Exception {
    Answer inName = createJob("{\"name\":\"edge-nul\\u0000x\",\"task\":\"t\",\"start\":false}");
    Answer inParameters =
        createJob(
            "{\"name\":\"edge-nul\",\"task\":\"t\",\"start\":false,\"parameters\":{\"k\":\"a\\u0000\"}}");

    assertCoded(inName, "BAD_USER_INPUT");
    assertThat(inName.extension("field")).isEqualTo("input.name");
    assertCoded(inParameters, "BAD_USER_INPUT");
    assertThat(inParameters.firstError().get("message").toString()).contains("k").contains("NUL");
    assertThat(jobsNamed("edge-nul")).isZero();
  }

  @Test
  void givenAPageLargerThanServed_whenListing_thenBadUserInputNamingFirst() throws Exception {
    for (String query :
        List.of("{ jobs(first: 9999) { totalCount } }", "{ jobs(first: 0) { totalCount } }")) {
      Answer answer = post("{\"query\":\"" + query + "\"}", "application/json");

      assertCoded(answer, "BAD_USER_INPUT");
      assertThat(answer.extension("field")).as(query).isEqualTo("first");
    }
  }

  @Test
  void givenParametersThatAreNotAnObject_whenCreatingAJob_thenBadUserInputNamingTheField()
      throws Exception {
    for (String parameters : List.of("\"a string\"", "[1, 2]", "42")) {
      Answer answer =
          createJob(
              "{\"name\":\"edge-shape\",\"task\":\"t\",\"start\":false,\"parameters\":"
                  + parameters
                  + "}");

      assertCoded(answer, "BAD_USER_INPUT");
      assertThat(answer.extension("field")).as(parameters).isEqualTo("input.parameters");
    }
    assertThat(jobsNamed("edge-shape")).isZero();
  }

  @Test
  void givenOverridesThatAreNotAnObject_whenReplaying_thenBadUserInput() throws Exception {
    Answer answer =
        post(
            "{\"query\":\"mutation($o: JSON) { replayJob(id: \\\"01a21a75-9f7d-72f4-ab04-6b81c7877277\\\","
                + " fromVersion: 1, overrides: $o) { id } }\",\"variables\":{\"o\":\"text\"}}",
            "application/json");

    assertCoded(answer, "BAD_USER_INPUT");
    assertThat(answer.extension("field")).isEqualTo("overrides");
  }

  @Test
  void givenAnInlineSecret_whenCreatingAJob_thenRefusedSayingHowToReferenceIt() throws Exception {
    Answer answer =
        createJob(
            "{\"name\":\"edge-secret\",\"task\":\"t\",\"start\":false,\"agents\":{\"coder\":"
                + "{\"kind\":\"openai\",\"settings\":{\"model\":\"m\",\"apiKey\":\"sk-live-123\"}}}}");

    assertCoded(answer, "BAD_USER_INPUT");
    assertThat(answer.firstError().get("message").toString())
        .contains("agents.coder.settings.apiKey")
        .contains("apiKeyEnv")
        .doesNotContain("sk-live-123");
    assertThat(jobsNamed("edge-secret")).isZero();
  }

  @Test
  void givenASubscriptionOverPlainHttp_whenPosted_thenACodedErrorWithoutInternals()
      throws Exception {
    Answer answer =
        post(query("subscription { orchestratorHealth { instanceId } }"), "application/json");

    assertCoded(answer, "BAD_USER_INPUT");
    assertThat(answer.raw()).contains("WebSocket").doesNotContain("upstreamPublisher");
  }

  @Test
  void givenAThousandAliasesOfAList_whenQueried_thenLimitExceededBeforeExecution()
      throws Exception {
    var aliases = new StringBuilder("{");
    for (int i = 0; i < 1_000; i++) {
      aliases.append(" a").append(i).append(": jobs { edges { node { id name } } }");
    }
    aliases.append(" }");

    assertCoded(post(query(aliases.toString()), "application/json"), "LIMIT_EXCEEDED");
  }

  @Test
  void givenAListAskedForInFull_whenQueried_thenItsSizeCountsTowardsTheComplexity()
      throws Exception {
    String big =
        "{ jobs(first: 500) { edges { node { id job { events(first: 500) { id eventType } } } } } }";

    assertCoded(post(query(big), "application/json"), "LIMIT_EXCEEDED");
  }

  @Test
  void givenTheLargestPageTheConsoleReads_whenQueried_thenServedWithinTheComplexityLimit()
      throws Exception {
    Answer created = createJob("{\"name\":\"edge-full-page\",\"task\":\"t\",\"start\":false}");
    @SuppressWarnings("unchecked")
    var job =
        (Map<String, Object>) ((Map<String, Object>) created.body().get("data")).get("createJob");
    // The console's audit trail reads 500 events at a time with every field (EventFields).
    String page =
        "{ jobEvents(jobId: \""
            + job.get("id")
            + "\", after: 0, first: 500) { id jobId eventType eventData timestamp sequence"
            + " position cursor metadata { traceId spanId userId version causationId"
            + " correlationId instanceId copiedFrom { jobId version } } } }";

    Answer answer = post(query(page), "application/json");

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body()).as(answer.raw()).doesNotContainKey("errors");
  }

  @Test
  void givenTransportMistakes_whenPosted_thenGraphQlShapedErrorsWithCodes() throws Exception {
    Answer invalidJson = post("{\"query\":", "application/json");
    Answer missingQuery = post("{\"variables\":{}}", "application/json");
    Answer wrongType = post(query("{ jobs { edges { cursor } } }"), "text/plain");

    for (Answer answer : List.of(invalidJson, missingQuery, wrongType)) {
      assertThat(answer.status()).as(answer.status() + " " + answer.raw()).isBetween(400, 499);
      assertThat(answer.contentType()).as(answer.status() + " " + answer.raw()).contains("json");
      assertCoded(answer, "BAD_USER_INPUT");
    }
  }

  @Test
  void givenAnOversizedHeader_whenSent_thenPayloadTooLargeInTheGraphQlShape() throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/graphql"))
            .header("Authorization", "Bearer " + ADMIN)
            .header("X-Padding", "a".repeat(20_000))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(query("{ jobs { edges { cursor } } }")))
            .build();
    Answer answer =
        answer(http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));

    assertThat(answer.raw()).doesNotContain("<html");
    assertCoded(answer, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void givenAQueryOverGet_whenSent_thenAnsweredLikeAPost() throws Exception {
    Answer answer =
        get(
            "/graphql?query="
                + java.net.URLEncoder.encode(
                    "{ jobs(first: 1) { edges { cursor } } }", StandardCharsets.UTF_8));

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body()).containsKey("data").doesNotContainKey("errors");
  }

  @Test
  void givenAMutationOverGet_whenSent_then405AndNothingStored() throws Exception {
    Answer answer =
        get(
            "/graphql?query="
                + java.net.URLEncoder.encode(
                    "mutation { createJob(input: {name: \"edge-get\", task: \"t\", start: false}) { id } }",
                    StandardCharsets.UTF_8));

    assertThat(answer.status()).isEqualTo(405);
    assertCoded(answer, "BAD_USER_INPUT");
    assertThat(jobsNamed("edge-get")).isZero();
  }

  @Test
  void givenATokenInTheUrl_whenSent_thenRefused() throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:"
                        + port
                        + "/graphql?token="
                        + ADMIN
                        + "&query=%7Bjobs%7Bedges%7Bcursor%7D%7D%7D"))
            .GET()
            .build();
    Answer answer = answer(http.send(request, HttpResponse.BodyHandlers.ofString()));

    assertThat(answer.status()).isEqualTo(400);
    assertCoded(answer, "BAD_USER_INPUT");
    assertThat(answer.raw()).doesNotContain(ADMIN);
  }
}
