package io.jobtrail.agents.openai;

import io.jobtrail.agents.InvalidSettings;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.AgentUsage;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One chat-completions request per attempt to any OpenAI-compatible server: a system and a user
 * message from the role's templates; the reply's first choice is the plan, the artifact, or (for
 * the critique) a verdict with feedback. The request carries the call's idempotency key in an
 * {@code Idempotency-Key} header. 408, 409, 429 and 5xx answers and network errors are retried;
 * other 4xx answers (a wrong key, an unknown model) fail the job. The reply's {@code model} and
 * {@code usage} (prompt, completion and total tokens) are reported to the call's meter.
 *
 * <p>With {@code stream: true} the request asks for server-sent events ({@link
 * ChatCompletionStream}): the text goes to the job's log in whole lines while it is written ({@link
 * StreamedLines}), the result is the whole text (read exactly as a plain reply is), and the model
 * and usage come from the stream's chunks. The step timeout and a cancel end a stream that is still
 * sending ({@link StreamDeadline}).
 */
public final class OpenAiAgent implements AgentRuntime {

  public static final String KIND = "openai";

  private final HttpClient http;
  private final JsonMapper json;
  private final Map<String, Object> defaults;
  private final Secrets secrets;

  /**
   * Where an API key is found: never in the job (its events are kept forever), always by reference.
   *
   * @param environment where {@code apiKeyEnv} is looked up ({@code System::getenv})
   * @param named where {@code apiKeySecretName} is looked up ({@code jobtrail.agents.secrets.*})
   */
  public record Secrets(
      Function<String, @Nullable String> environment, Function<String, @Nullable String> named) {}

  /**
   * @param defaults this instance's settings under each job's (e.g. baseUrl, model)
   */
  public OpenAiAgent(
      HttpClient http, JsonMapper json, Map<String, Object> defaults, Secrets secrets) {
    this.http = http;
    this.json = json;
    this.defaults = Map.copyOf(defaults);
    this.secrets = secrets;
  }

  @Override
  public AgentResult run(AgentCall call) throws AgentFailure, InterruptedException {
    long startedAt = System.nanoTime();
    OpenAiSettings settings;
    try {
      settings = OpenAiSettings.of(defaults, call.spec().settings(), call.role(), secrets);
    } catch (InvalidSettings e) {
      throw e.asFailure(KIND);
    }
    call.meter().environment("endpointHost", settings.completionsUri().getHost());
    // The model asked for, until the reply names the one that answered.
    call.meter().model(settings.model(), parameters(settings));
    String reply =
        settings.stream() ? streamed(call, settings, startedAt) : answered(call, settings);
    return switch (call.role()) {
      case PLANNER -> new AgentResult.Plan(reply.strip());
      case CODER -> new AgentResult.Artifact(reply);
      case CRITIQUE -> VerdictReply.parse(reply, json);
    };
  }

  /** The reply of a plain request: one JSON body. */
  private String answered(AgentCall call, OpenAiSettings settings)
      throws AgentFailure, InterruptedException {
    call.log().info("openai " + settings.model() + ": asking " + settings.completionsUri());
    HttpResponse<String> response =
        send(call, settings, request(call, settings), HttpResponse.BodyHandlers.ofString());
    return content(response.statusCode(), response.body(), settings, call);
  }

  /**
   * The reply of a streaming request: read chunk by chunk, its text to the log as it comes, within
   * what is left of the step timeout. An endpoint that answers with a plain JSON body (it does not
   * stream) is read as such. What the stream says about the model and usage is reported once it has
   * ended with {@code [DONE]}; a stream that breaks off reports nothing of it.
   */
  private String streamed(AgentCall call, OpenAiSettings settings, long startedAt)
      throws AgentFailure, InterruptedException {
    call.log()
        .info("openai " + settings.model() + ": asking " + settings.completionsUri() + " (stream)");
    HttpResponse<InputStream> response =
        send(call, settings, request(call, settings), HttpResponse.BodyHandlers.ofInputStream());
    Duration left = call.timeout().minusNanos(System.nanoTime() - startedAt);
    var deadline = new StreamDeadline(response.body(), left, call.cancellation());
    try (deadline;
        InputStream body = response.body()) {
      if (!isEventStream(response) || !isSuccess(response.statusCode())) {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        return content(response.statusCode(), text, settings, call);
      }
      ChatCompletionStream.Reply reply =
          ChatCompletionStream.read(
              body, json, settings.baseUrl().toString(), new StreamedLines(call.log()));
      if (reply.model() != null) {
        call.meter().model(reply.model(), parameters(settings));
      }
      AgentUsage.Tokens tokens = reply.tokens();
      if (tokens != null) {
        call.meter().tokens(tokens.prompt(), tokens.completion(), tokens.total());
      }
      return reply.content();
    } catch (IOException e) {
      // The body was closed by the deadline or a cancel, or the connection broke.
      if (Thread.interrupted() || call.cancellation().isCancelled()) {
        throw new InterruptedException("the call was cancelled");
      }
      if (deadline.passed()) {
        throw AgentFailure.timeout(
            "the answer from "
                + settings.baseUrl()
                + " did not end within the step timeout ("
                + call.timeout().toMillis()
                + " ms)");
      }
      throw AgentFailure.retryable(
          "the answer from " + settings.baseUrl() + " broke off: " + e.getMessage(), e);
    }
  }

  private static boolean isEventStream(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Content-Type")
        .map(type -> type.strip().toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
        .orElse(false);
  }

  private static boolean isSuccess(int status) {
    return status >= 200 && status <= 299;
  }

  private HttpRequest request(AgentCall call, OpenAiSettings settings) {
    var builder =
        HttpRequest.newBuilder(settings.completionsUri())
            .timeout(call.timeout())
            .header("Content-Type", "application/json")
            .header(
                "Accept",
                settings.stream() ? "text/event-stream, application/json" : "application/json")
            .header("Idempotency-Key", call.idempotencyKey())
            .POST(
                HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body(call, settings))));
    if (!settings.apiKey().isEmpty()) {
      builder.header("Authorization", "Bearer " + settings.apiKey());
    }
    return builder.build();
  }

  /**
   * Sends the request and waits for the answer (a streaming body: for its headers) at most the step
   * timeout; a cancel of the call cancels the exchange.
   */
  private <T> HttpResponse<T> send(
      AgentCall call,
      OpenAiSettings settings,
      HttpRequest request,
      HttpResponse.BodyHandler<T> bodyHandler)
      throws AgentFailure, InterruptedException {
    CompletableFuture<HttpResponse<T>> exchange = http.sendAsync(request, bodyHandler);
    call.cancellation().onCancel(() -> exchange.cancel(true));
    try {
      return exchange.get(call.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw AgentFailure.timeout(
          "no answer from " + settings.baseUrl() + " within the step timeout");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw AgentFailure.timeout(
            "no answer from " + settings.baseUrl() + " within the step timeout");
      }
      if (cause instanceof IOException) {
        throw AgentFailure.retryable(
            "cannot reach " + settings.baseUrl() + ": " + cause.getMessage(), cause);
      }
      throw AgentFailure.retryable("request to " + settings.baseUrl() + " failed: " + cause, cause);
    } catch (java.util.concurrent.CancellationException e) {
      throw new InterruptedException("the call was cancelled");
    }
  }

  private Map<String, Object> body(AgentCall call, OpenAiSettings settings) {
    var body = new LinkedHashMap<String, Object>();
    body.put("model", settings.model());
    body.put(
        "messages",
        List.of(
            Map.of("role", "system", "content", settings.systemPrompt()),
            Map.of(
                "role", "user", "content", PromptTemplate.render(settings.prompt(), call, json))));
    if (settings.temperature() != null) {
      body.put("temperature", settings.temperature());
    }
    if (settings.maxTokens() != null) {
      body.put("max_tokens", settings.maxTokens());
    }
    if (settings.stream()) {
      body.put("stream", true);
      body.put("stream_options", Map.of("include_usage", true));
    }
    return body;
  }

  /** The call's parameters as recorded with its usage (named as in the job's settings). */
  private static Map<String, Object> parameters(OpenAiSettings settings) {
    var parameters = new LinkedHashMap<String, Object>();
    if (settings.temperature() != null) {
      parameters.put("temperature", settings.temperature());
    }
    if (settings.maxTokens() != null) {
      parameters.put("maxTokens", settings.maxTokens());
    }
    return parameters;
  }

  /** The reply's {@code model} and {@code usage}, when it has them. */
  private static void meter(Map<String, Object> reply, OpenAiSettings settings, AgentCall call) {
    String model = ReplyUsage.model(reply.get("model"));
    if (model != null) {
      call.meter().model(model, parameters(settings));
    }
    AgentUsage.Tokens tokens = ReplyUsage.tokens(reply.get("usage"));
    if (tokens != null) {
      call.meter().tokens(tokens.prompt(), tokens.completion(), tokens.total());
    }
  }

  @SuppressWarnings("unchecked")
  private String content(int status, String body, OpenAiSettings settings, AgentCall call)
      throws AgentFailure {
    if (!isSuccess(status)) {
      String message =
          "HTTP " + status + " from " + settings.completionsUri() + ": " + snippet(body);
      boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
      throw retryable ? AgentFailure.retryable(message) : AgentFailure.fatal(message);
    }
    try {
      Map<String, Object> reply = json.readValue(body, Map.class);
      meter(reply, settings, call);
      if (reply.get("choices") instanceof List<?> choices
          && !choices.isEmpty()
          && choices.getFirst() instanceof Map<?, ?> choice
          && choice.get("message") instanceof Map<?, ?> message
          && message.get("content") instanceof String content) {
        return content;
      }
    } catch (JacksonException e) {
      throw AgentFailure.retryable("the reply is not JSON: " + snippet(body));
    }
    throw AgentFailure.retryable("the reply has no choices[0].message.content: " + snippet(body));
  }

  private static String snippet(String body) {
    String text = body.strip();
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }
}
