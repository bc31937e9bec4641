package io.jobtrail.agents.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jobtrail.agents.Calls;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.AgentUsage;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.Verdict;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code openai} agent with {@code stream: true}, against a local chat-completions server. A
 * stream that is not ended when it should be would hang a test: the class timeout fails it instead.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OpenAiStreamingTest {

  private static final String ASKING = "INFO openai test-model: asking ";

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
            new OpenAiAgent.Secrets(name -> null, name -> null));
  }

  @AfterEach
  void stopServer() {
    server.close();
    http.close();
  }

  private static AgentSpec streaming(Object... more) {
    var settings = new HashMap<String, Object>();
    settings.put("model", "test-model");
    settings.put("stream", true);
    for (int i = 0; i < more.length; i += 2) {
      settings.put((String) more[i], more[i + 1]);
    }
    return new AgentSpec("openai", settings);
  }

  private static AgentCall call(AgentRole role, Duration timeout, Calls.Lines log) {
    return Calls.call(role, 1, 1, streaming(), Map.of(), timeout, log);
  }

  /** {@code text} cut into pieces of a few characters, as a model streams tokens. */
  private static List<String> tokens(String text) {
    var pieces = new ArrayList<String>();
    for (int at = 0; at < text.length(); at += 3) {
      pieces.add(text.substring(at, Math.min(text.length(), at + 3)));
    }
    return pieces;
  }

  private static List<String> streamedLines(Calls.Lines log) {
    return log.lines().stream().filter(line -> !line.startsWith(ASKING)).toList();
  }

  @Test
  void givenAStreamedReply_whenRun_thenTheResultUsageAndModelComeFromItsChunks() throws Exception {
    String plan = "1. Read the string\n2. Reverse it by code points\n3. Test the empty string\n";
    List<String> pieces = tokens(plan);
    server.stream(
        ChatCompletionsServer.completionChunks(pieces, 21), ChatCompletionsServer.StreamEnd.DONE);
    var log = new Calls.Lines();
    var call = call(AgentRole.PLANNER, Duration.ofSeconds(10), log);

    AgentResult result = agent.run(call);

    assertThat(result).isEqualTo(new AgentResult.Plan(plan.strip()));
    var usage = call.meter().usage(7);
    assertThat(usage.model()).as("the model the chunks name").isEqualTo("test-model-0613");
    assertThat(usage.tokens())
        .as("the last chunk's usage")
        .isEqualTo(new AgentUsage.Tokens(21, pieces.size(), 21 + pieces.size()));
    var request = server.requests().getFirst();
    assertThat(request.body())
        .containsEntry("stream", true)
        .containsEntry("stream_options", Map.of("include_usage", true));
    assertThat(request.header("Accept")).startsWith("text/event-stream");
  }

  @Test
  void givenAStreamedReply_whenRun_thenTheLogGetsItsWholeLinesNotAnEntryPerChunk()
      throws Exception {
    String artifact =
        "def reverse(s):\n    return s[::-1]\n\ndef test_reverse():\n    assert reverse('ab') =="
            + " 'ba'\n";
    List<String> pieces = tokens(artifact);
    server.stream(
        ChatCompletionsServer.completionChunks(pieces, 21), ChatCompletionsServer.StreamEnd.DONE);
    var log = new Calls.Lines();

    AgentResult result = agent.run(call(AgentRole.CODER, Duration.ofSeconds(10), log));

    assertThat(result).isEqualTo(new AgentResult.Artifact(artifact));
    List<String> lines = streamedLines(log);
    assertThat(lines)
        .containsExactly(
            "INFO def reverse(s):",
            "INFO     return s[::-1]",
            "INFO def test_reverse():",
            "INFO     assert reverse('ab') == 'ba'");
    assertThat(pieces).hasSizeGreaterThan(25);
    assertThat(lines.size()).isLessThan(pieces.size() / 5);
    assertThat(log.lines().getFirst()).startsWith(ASKING).endsWith("(stream)");
  }

  @Test
  void givenAStreamedCritique_whenRun_thenItsVerdictIsReadAsFromAPlainReply() throws Exception {
    server.stream(
        ChatCompletionsServer.completionChunks(
            tokens("CHANGES_REQUESTED\nAdd a test for the empty string."), 30),
        ChatCompletionsServer.StreamEnd.DONE);

    AgentResult result =
        agent.run(call(AgentRole.CRITIQUE, Duration.ofSeconds(10), new Calls.Lines()));

    assertThat(result)
        .isEqualTo(
            new AgentResult.Review(Verdict.CHANGES_REQUESTED, "Add a test for the empty string."));
  }

  @Test
  void givenAnEndpointThatDoesNotStream_whenItAnswersWithPlainJson_thenThatReplyIsUsed()
      throws Exception {
    server.replyWith("1. Write it");
    var call = call(AgentRole.PLANNER, Duration.ofSeconds(10), new Calls.Lines());

    AgentResult result = agent.run(call);

    assertThat(result).isEqualTo(new AgentResult.Plan("1. Write it"));
    assertThat(server.requests().getFirst().body()).containsEntry("stream", true);
    assertThat(call.meter().usage(1).tokens()).isEqualTo(new AgentUsage.Tokens(10, 5, 15));
    assertThat(call.meter().usage(1).model()).isEqualTo("test-model-0613");
  }

  @Test
  void givenAStreamThatStalls_whenTheStepTimeoutPasses_thenTheAttemptTimesOutWithoutUsage() {
    server.stream(
        ChatCompletionsServer.completionChunks(tokens("1. Read it\n2. Rev"), 21).subList(0, 6),
        ChatCompletionsServer.StreamEnd.STALLED);
    var log = new Calls.Lines();
    // Long enough for the events before the stall to arrive on a busy machine.
    var call = call(AgentRole.PLANNER, Duration.ofMillis(1_500), log);

    long started = System.nanoTime();
    var failure = catchThrowableOfType(AgentFailure.class, () -> agent.run(call));

    assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(failure.getMessage())
        .isEqualTo(
            "the answer from "
                + server.baseUrl()
                + " did not end within the step timeout (1500 ms)");
    assertThat(System.nanoTime() - started).isBetween(1_500_000_000L, 4_000_000_000L);
    assertThat(streamedLines(log))
        .as("what had streamed is in the log")
        .containsExactly("INFO 1. Read it", "INFO 2. R");
    assertThat(call.meter().usage(1).tokens()).as("nothing half-recorded").isNull();
    assertThat(call.meter().usage(1).model()).isEqualTo("test-model");
  }

  @Test
  void givenAStreamStillSending_whenTheCallIsCancelled_thenTheStreamEndsAtOnce() throws Exception {
    server.eventDelay(100);
    server.stream(
        ChatCompletionsServer.completionChunks(tokens("x".repeat(300)), 21),
        ChatCompletionsServer.StreamEnd.DONE);
    var call = call(AgentRole.CODER, Duration.ofSeconds(30), new Calls.Lines());
    CompletableFuture<AgentResult> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return agent.run(call);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    long waitUntil = System.nanoTime() + 5_000_000_000L;
    while (server.eventsSent() < 3 && System.nanoTime() < waitUntil) {
      Thread.sleep(10);
    }
    assertThat(server.eventsSent()).as("the stream is under way").isGreaterThanOrEqualTo(3);

    long cancelledAt = System.nanoTime();
    call.cancellation().cancel("cancelled");
    var ended =
        catchThrowableOfType(ExecutionException.class, () -> running.get(5, TimeUnit.SECONDS));

    assertThat(System.nanoTime() - cancelledAt).isLessThan(1_000_000_000L);
    assertThat(ended.getCause()).isInstanceOf(InterruptedException.class);
    assertThat(server.eventsSent()).as("the server stopped being read").isLessThan(50);
    assertThat(call.meter().usage(1).tokens()).isNull();
  }

  @Test
  void givenAStreamStillSending_whenTheCallsThreadIsInterrupted_thenTheStreamEndsAtOnce()
      throws Exception {
    server.eventDelay(100);
    server.stream(
        ChatCompletionsServer.completionChunks(tokens("x".repeat(300)), 21),
        ChatCompletionsServer.StreamEnd.DONE);
    var call = call(AgentRole.CODER, Duration.ofSeconds(30), new Calls.Lines());
    var ended = new CompletableFuture<Throwable>();
    Thread running =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    agent.run(call);
                    ended.complete(null);
                  } catch (Exception e) {
                    ended.complete(e);
                  }
                });
    long waitUntil = System.nanoTime() + 5_000_000_000L;
    while (server.eventsSent() < 3 && System.nanoTime() < waitUntil) {
      Thread.sleep(10);
    }
    assertThat(server.eventsSent()).as("the stream is under way").isGreaterThanOrEqualTo(3);

    running.interrupt();

    assertThat(ended.get(1, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void givenAMalformedChunk_whenRead_thenTheAttemptFailsNamingIt() {
    var events = new ArrayList<>(ChatCompletionsServer.completionChunks(tokens("1. Do it"), 21));
    events.add(2, "{\"choices\": [{\"delta\": {\"content\": \"cut");
    server.stream(events, ChatCompletionsServer.StreamEnd.DONE);
    var call = call(AgentRole.PLANNER, Duration.ofSeconds(10), new Calls.Lines());

    var failure = catchThrowableOfType(AgentFailure.class, () -> agent.run(call));

    assertThat(failure.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failure.getMessage())
        .isEqualTo(
            "the stream from "
                + server.baseUrl()
                + " has a malformed chunk (not a JSON object): {\"choices\": [{\"delta\":"
                + " {\"content\": \"cut");
    assertThat(call.meter().usage(1).tokens()).isNull();
  }

  @Test
  void givenAStreamThatEndsBeforeDone_whenRead_thenTheAttemptFailsSayingSo() {
    server.stream(
        ChatCompletionsServer.completionChunks(tokens("1. Do it"), 21),
        ChatCompletionsServer.StreamEnd.CLOSED);
    var call = call(AgentRole.PLANNER, Duration.ofSeconds(10), new Calls.Lines());

    var failure = catchThrowableOfType(AgentFailure.class, () -> agent.run(call));

    assertThat(failure.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failure.getMessage())
        .isEqualTo(
            "the stream from "
                + server.baseUrl()
                + " ended before data: [DONE] (after 8 characters of content)");
    assertThat(call.meter().usage(1).tokens())
        .as("the usage chunk came, but the stream is not whole")
        .isNull();
  }

  @Test
  void givenAConnectionDroppedMidStream_whenRead_thenTheAttemptFailsAndIsRetried() {
    server.stream(
        ChatCompletionsServer.completionChunks(tokens("1. Do it\n2. Then"), 21).subList(0, 4),
        ChatCompletionsServer.StreamEnd.BROKEN);

    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () -> agent.run(call(AgentRole.PLANNER, Duration.ofSeconds(10), new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failure.getMessage())
        .startsWith("the answer from " + server.baseUrl() + " broke off: ");
  }

  @Test
  void givenAnErrorChunk_whenRead_thenTheAttemptFailsWithItsMessage() {
    server.stream(
        List.of(
            ChatCompletionsServer.completionChunks(tokens("1. Do"), 21).getFirst(),
            "{\"error\": {\"message\": \"The server had an error while processing your request\"}}"),
        ChatCompletionsServer.StreamEnd.CLOSED);

    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () -> agent.run(call(AgentRole.PLANNER, Duration.ofSeconds(10), new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.ERROR);
    assertThat(failure.getMessage())
        .isEqualTo(
            "the stream from "
                + server.baseUrl()
                + " reported an error: The server had an error while processing your request");
  }

  @Test
  void givenAStreamingRequestRefused_whenTheServerAnswersAnHttpError_thenItIsTheUsualFailure() {
    server.answer(401, "{\"error\": {\"message\": \"bad key\"}}");

    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () -> agent.run(call(AgentRole.PLANNER, Duration.ofSeconds(10), new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage()).startsWith("HTTP 401 from ").endsWith("bad key\"}}");
  }

  @Test
  void givenStreamThatIsNotABoolean_whenCalled_thenTheJobFailsWithoutARequest() {
    var failure =
        catchThrowableOfType(
            AgentFailure.class,
            () ->
                agent.run(
                    Calls.call(
                        AgentRole.PLANNER,
                        0,
                        1,
                        streaming("stream", "yes"),
                        Map.of(),
                        Duration.ofSeconds(1),
                        new Calls.Lines())));

    assertThat(failure.kind()).isEqualTo(FailureKind.FATAL);
    assertThat(failure.getMessage())
        .isEqualTo("invalid openai agent settings: stream must be true or false, not a string");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void givenNoStreamSetting_whenCalled_thenThePlainRequestIsMadeAsBefore() throws Exception {
    server.replyWith("1. Write it");

    agent.run(
        Calls.call(
            AgentRole.PLANNER, 0, 1, new AgentSpec("openai", Map.of("model", "test-model"))));

    assertThat(server.requests().getFirst().body()).doesNotContainKeys("stream", "stream_options");
  }
}
