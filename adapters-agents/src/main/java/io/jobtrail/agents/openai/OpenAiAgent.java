package io.jobtrail.agents.openai;

import io.jobtrail.agents.InvalidSettings;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentFailure;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.domain.job.AgentResult;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
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
    OpenAiSettings settings;
    try {
      settings = OpenAiSettings.of(defaults, call.spec().settings(), call.role(), secrets);
    } catch (InvalidSettings e) {
      throw e.asFailure(KIND);
    }
    call.meter().environment("endpointHost", settings.completionsUri().getHost());
    // The model asked for, until the reply names the one that answered.
    call.meter().model(settings.model(), parameters(settings));
    HttpResponse<String> response = send(call, settings);
    String reply = content(response, settings, call);
    return switch (call.role()) {
      case PLANNER -> new AgentResult.Plan(reply.strip());
      case CODER -> new AgentResult.Artifact(reply);
      case CRITIQUE -> VerdictReply.parse(reply, json);
    };
  }

  private HttpResponse<String> send(AgentCall call, OpenAiSettings settings)
      throws AgentFailure, InterruptedException {
    var builder =
        HttpRequest.newBuilder(settings.completionsUri())
            .timeout(call.timeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("Idempotency-Key", call.idempotencyKey())
            .POST(
                HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body(call, settings))));
    if (!settings.apiKey().isEmpty()) {
      builder.header("Authorization", "Bearer " + settings.apiKey());
    }
    call.log().info("openai " + settings.model() + ": asking " + settings.completionsUri());
    CompletableFuture<HttpResponse<String>> exchange =
        http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString());
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
    if (reply.get("model") instanceof String model && !model.isBlank()) {
      call.meter().model(model, parameters(settings));
    }
    if (reply.get("usage") instanceof Map<?, ?> usage
        && usage.get("prompt_tokens") instanceof Number prompt
        && usage.get("completion_tokens") instanceof Number completion) {
      long total =
          usage.get("total_tokens") instanceof Number t
              ? t.longValue()
              : prompt.longValue() + completion.longValue();
      call.meter().tokens(prompt.longValue(), completion.longValue(), total);
    }
  }

  @SuppressWarnings("unchecked")
  private String content(HttpResponse<String> response, OpenAiSettings settings, AgentCall call)
      throws AgentFailure {
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      String message =
          "HTTP " + status + " from " + settings.completionsUri() + ": " + snippet(response.body());
      boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
      throw retryable ? AgentFailure.retryable(message) : AgentFailure.fatal(message);
    }
    try {
      Map<String, Object> reply = json.readValue(response.body(), Map.class);
      meter(reply, settings, call);
      if (reply.get("choices") instanceof List<?> choices
          && !choices.isEmpty()
          && choices.getFirst() instanceof Map<?, ?> choice
          && choice.get("message") instanceof Map<?, ?> message
          && message.get("content") instanceof String content) {
        return content;
      }
    } catch (JacksonException e) {
      throw AgentFailure.retryable("the reply is not JSON: " + snippet(response.body()));
    }
    throw AgentFailure.retryable(
        "the reply has no choices[0].message.content: " + snippet(response.body()));
  }

  private static String snippet(String body) {
    String text = body.strip();
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }
}
