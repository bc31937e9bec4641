package io.jobtrail.agents.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jobtrail.agents.Calls;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.Verdict;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OpenAiAgentTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();
  private ChatCompletionsServer server;
  private OpenAiAgent agent;

  @BeforeEach
  void startServer() throws Exception {
    server = new ChatCompletionsServer();
    agent =
        new OpenAiAgent(
            http,
            json,
            Map.of("baseUrl", server.baseUrl()),
            new OpenAiAgent.Secrets(
                name -> name.equals("TEST_API_KEY") ? "sk-test" : null,
                name -> name.equals("team-key") ? "sk-team" : null));
  }

  @AfterEach
  void stopServer() {
    server.close();
    http.close();
  }

  private static AgentSpec spec(Object... more) {
    var settings = new HashMap<String, Object>();
    settings.put("model", "test-model");
    settings.put("apiKeyEnv", "TEST_API_KEY");
    for (int i = 0; i < more.length; i += 2) {
      settings.put((String) more[i], more[i + 1]);
    }
    return new AgentSpec("openai", settings);
  }

  @Test
  void givenPlanner_whenTheServerAnswers_thenTheReplyIsThePlanAndTheRequestFollowsTheProtocol()
      throws Exception {
    server.replyWith("1. Write it\n2. Test it\n");

    AgentResult result =
        agent.run(Calls.call(AgentRole.PLANNER, 0, 1, spec("temperature", 0.2, "maxTokens", 300)));

    assertThat(result).isEqualTo(new AgentResult.Plan("1. Write it\n2. Test it"));
    var request = server.requests().getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("Authorization")).isEqualTo("Bearer sk-test");
    assertThat(request.header("Idempotency-Key")).isEqualTo(Calls.JOB + "/plan/1");
    assertThat(request.body())
        .containsEntry("model", "test-model")
        .containsEntry("temperature", 0.2)
        .containsEntry("max_tokens", 300);
    @SuppressWarnings("unchecked")
    var messages = (List<Map<String, Object>>) request.body().get("messages");
    assertThat(messages).extracting(m -> m.get("role")).containsExactly("system", "user");
    assertThat((String) messages.get(1).get("content"))
        .startsWith("Task:\nreverse a string\n")
        .contains("Write a numbered plan");
  }

  @Test
  void givenPromptTemplate_whenTheCoderIsAsked_thenItsPlaceholdersAreFilled() throws Exception {
    server.replyWith("fn reverse() {}");

    AgentResult result =
        agent.run(
            Calls.call(
                AgentRole.CODER,
                2,
                1,
                spec(
                    "prompts",
                    Map.of(
                        "coder",
                        "Do {{task}} by {{plan}}; fix {{feedback}} in {{artifact}} ({{iteration}}) {{unknown}}"),
                    "systemPrompt",
                    "Be brief.")));

    assertThat(result).isEqualTo(new AgentResult.Artifact("fn reverse() {}"));
    @SuppressWarnings("unchecked")
    var messages = (List<Map<String, Object>>) server.requests().getFirst().body().get("messages");
    assertThat(messages.get(0).get("content")).isEqualTo("Be brief.");
    assertThat(messages.get(1).get("content"))
        .isEqualTo("Do reverse a string by 1. write it; fix add tests in v1 (2) {{unknown}}");
  }

  @Test
  void givenCritiqueReplies_whenTheyNameAVerdict_thenItIsReadWithTheFeedback() throws Exception {
    server.replyWith("CHANGES_REQUESTED\nAdd a test for the empty string.");
    var changes = agent.run(Calls.call(AgentRole.CRITIQUE, 1, 1, spec()));

    server.replyWith("```json\n{\"verdict\": \"APPROVED\", \"feedback\": \"Ship it\"}\n```");
    var approved = agent.run(Calls.call(AgentRole.CRITIQUE, 1, 1, spec()));

    server.replyWith("The result is not approved yet: it ignores unicode.");
    var notApproved = agent.run(Calls.call(AgentRole.CRITIQUE, 1, 1, spec()));

    assertThat(changes)
        .isEqualTo(
            new AgentResult.Review(Verdict.CHANGES_REQUESTED, "Add a test for the empty string."));
    assertThat(approved).isEqualTo(new AgentResult.Review(Verdict.APPROVED, "Ship it"));
    assertThat(notApproved)
        .isEqualTo(
            new AgentResult.Review(
                Verdict.CHANGES_REQUESTED, "The result is not approved yet: it ignores unicode."));
  }

  @Test
  void givenCritiqueReplyWithoutVerdict_whenRead_thenTheAttemptFails() {
    server.replyWith("Nice work overall.");

    var failure =
        catchThrowableOfType(
            AgentFailure.class, () -> agent.run(Calls.call(AgentRole.CRITIQUE, 1, 1, spec())));

    assertThat(failure.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failure.getMessage()).contains("names no verdict");
  }

  @Test
  void givenServerErrors_whenTheyAreTemporary_thenRetryElseFatal() {
    server.answer(503, "{\"error\": {\"message\": \"overloaded\"}}");
    var overloaded =
        catchThrowableOfType(
            AgentFailure.class, () -> agent.run(Calls.call(AgentRole.PLANNER, 0, 1, spec())));
    server.answer(429, "{\"error\": {\"message\": \"slow down\"}}");
    var limited =
        catchThrowableOfType(
            AgentFailure.class, () -> agent.run(Calls.call(AgentRole.PLANNER, 0, 1, spec())));
    server.answer(401, "{\"error\": {\"message\": \"bad key\"}}");
    var unauthorised =
        catchThrowableOfType(
            AgentFailure.class, () -> agent.run(Calls.call(AgentRole.PLANNER, 0, 1, spec())));

    assertThat(overloaded.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(overloaded.getMessage()).startsWith("HTTP 503 from ").endsWith("overloaded\"}}");
    assertThat(limited.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(unauthorised.kind()).isEqualTo(FailureKind.FATAL);
  }

  @Test
  void givenSlowServer_whenTheStepTimeoutPasses_thenTheAttemptTimesOut() {
    server.replyWith("late");
    server.delay(3_000);

    long started = System.nanoTime();
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(
                    Calls.call(
                        AgentRole.PLANNER,
                        0,
                        1,
                        spec(),
                        Map.of(),
                        Duration.ofMillis(300),
                        new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(System.nanoTime() - started).isLessThan(2_500_000_000L);
  }

  @Test
  void givenNoServer_whenCalled_thenTheAttemptFailsAndIsRetried() {
    var nowhere =
        new OpenAiAgent(
            http,
            json,
            Map.of("baseUrl", "http://127.0.0.1:1/v1"),
            new OpenAiAgent.Secrets(name -> null, name -> null));

    var failure =
        catchThrowableOfType(
            AgentFailure.class, () -> nowhere.run(Calls.call(AgentRole.PLANNER, 0, 1, spec())));

    assertThat(failure.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failure.getMessage()).startsWith("cannot reach http://127.0.0.1:1/v1");
  }

  @Test
  void givenKeyVariableNotNamedLikeAKey_whenCalled_thenTheJobFailsWithoutARequest() {
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(
                    Calls.call(AgentRole.PLANNER, 0, 1, spec("apiKeyEnv", "DATABASE_PASSWORD"))));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void givenNoModel_whenCalled_thenTheJobFailsSayingSo() {
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(Calls.call(AgentRole.PLANNER, 0, 1, new AgentSpec("openai", Map.of()))));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage()).contains("model is required");
  }

  @Test
  void givenAnInlineApiKey_whenCalled_thenTheJobFailsSayingToUseAReference() {
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () -> agent.run(Calls.call(AgentRole.PLANNER, 0, 1, spec("apiKey", "sk-inline"))));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage()).contains("apiKeyEnv").contains("apiKeySecretName");
    assertThat(failure.getMessage()).doesNotContain("sk-inline");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void givenAConfiguredSecretName_whenCalled_thenItsValueIsTheBearerKey() throws Exception {
    server.replyWith("a plan");

    agent.run(Calls.call(AgentRole.PLANNER, 0, 1, spec("apiKeySecretName", "team-key")));

    assertThat(server.requests().getFirst().header("Authorization")).isEqualTo("Bearer sk-team");
  }

  @Test
  void givenAnUnknownSecretName_whenCalled_thenTheJobFailsNamingThePropertyToSet() {
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () -> agent.run(Calls.call(AgentRole.PLANNER, 0, 1, spec("apiKeySecretName", "nope"))));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage()).contains("jobtrail.agents.secrets.nope");
  }

  @Test
  void givenAReplyWithModelAndUsage_whenRun_thenTheMeterHasTheModelThatAnsweredAndItsTokens()
      throws Exception {
    server.replyWith("1. Write it");
    var call = Calls.call(AgentRole.PLANNER, 0, 1, spec("temperature", 0.2, "maxTokens", 300));

    agent.run(call);

    var usage = call.meter().usage(42);
    assertThat(usage.model()).as("the model the reply names").isEqualTo("test-model-0613");
    assertThat(usage.parameters())
        .containsEntry("temperature", 0.2)
        .containsEntry("maxTokens", 300L);
    assertThat(usage.tokens()).isEqualTo(new io.jobtrail.domain.job.AgentUsage.Tokens(10, 5, 15));
    assertThat(usage.latencyMs()).isEqualTo(42);
    assertThat(call.meter().environment()).containsEntry("endpointHost", "127.0.0.1");
  }

  @Test
  void givenAFailingServer_whenRun_thenTheMeterStillNamesTheModelAskedForAndNoTokens() {
    server.answer(503, "{\"error\": \"overloaded\"}");
    var call = Calls.call(AgentRole.PLANNER, 0, 1, spec());

    catchThrowableOfType(AgentFailure.class, () -> agent.run(call));

    assertThat(call.meter().usage(1).model()).isEqualTo("test-model");
    assertThat(call.meter().usage(1).tokens()).isNull();
  }
}
