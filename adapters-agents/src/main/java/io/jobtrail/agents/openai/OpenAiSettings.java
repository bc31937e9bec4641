package io.jobtrail.agents.openai;

import io.jobtrail.agents.InvalidSettings;
import io.jobtrail.agents.SettingsReader;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.JsonValues;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI-compatible agent's settings: the instance's defaults overlaid by the role's {@code
 * AgentSpec.settings}.
 *
 * @param baseUrl the API root, e.g. {@code https://api.openai.com/v1}; {@code /chat/completions} is
 *     added
 * @param model the model name
 * @param apiKey from the secret configured on the instance under the name {@code apiKeySecretName},
 *     else from the environment variable named by {@code apiKeyEnv} (default {@code
 *     OPENAI_API_KEY}); empty for servers that need none. Never inline ({@code apiKey}).
 * @param temperature sampling temperature, when set
 * @param maxTokens a cap on the reply's length, when set
 * @param stream ask for the reply as a stream of server-sent events ({@code stream: true}, with the
 *     usage in its last chunk), so the text reaches the job's log while it is written; off by
 *     default, so an endpoint that refuses {@code stream_options} keeps working as before
 * @param systemPrompt the system message for this role
 * @param prompt the user message template for this role (see {@link PromptTemplate})
 */
record OpenAiSettings(
    URI baseUrl,
    String model,
    String apiKey,
    @Nullable Double temperature,
    @Nullable Long maxTokens,
    boolean stream,
    String systemPrompt,
    String prompt) {

  static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

  static final String INLINE_KEY =
      "apiKey must not be given inline (the job's events would keep it forever): name an"
          + " environment variable with apiKeyEnv, or a secret configured on the instance"
          + " (jobtrail.agents.secrets.<name>) with apiKeySecretName";

  /** Only variables named like API keys: a job must not be able to send any secret anywhere. */
  private static final Pattern KEY_ENV = Pattern.compile("[A-Z][A-Z0-9_]*_API_KEY");

  static OpenAiSettings of(
      Map<String, Object> defaults,
      Map<String, Object> spec,
      AgentRole role,
      OpenAiAgent.Secrets secrets) {
    var settings = new SettingsReader(JsonValues.mergePatch(defaults, spec));
    String model = settings.string("model");
    if (model == null || model.isBlank()) {
      throw new InvalidSettings("model is required, e.g. \"gpt-4o-mini\"");
    }
    return new OpenAiSettings(
        baseUrl(settings.string("baseUrl", DEFAULT_BASE_URL)),
        model,
        apiKey(settings, secrets),
        settings.has("temperature") ? settings.decimal("temperature", 1, 0, 2) : null,
        settings.has("maxTokens") ? settings.number("maxTokens", 1, 1, 1_000_000) : null,
        settings.bool("stream", false),
        perRole(settings, "systemPrompt", "systemPrompts", role, PromptTemplate.system(role)),
        perRole(settings, "prompt", "prompts", role, PromptTemplate.user(role)));
  }

  URI completionsUri() {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
  }

  private static URI baseUrl(String text) {
    try {
      URI uri = URI.create(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // Reported below.
    }
    throw new InvalidSettings("baseUrl must be an http(s) URL, not " + text);
  }

  private static String apiKey(SettingsReader settings, OpenAiAgent.Secrets secrets) {
    if (settings.has("apiKey")) {
      throw new InvalidSettings(INLINE_KEY);
    }
    String name = settings.string("apiKeySecretName");
    if (name != null) {
      String secret = secrets.named().apply(name);
      if (secret == null || secret.isBlank()) {
        throw new InvalidSettings(
            "no secret named '" + name + "' is configured: set jobtrail.agents.secrets." + name);
      }
      return secret.strip();
    }
    String variable = settings.string("apiKeyEnv", DEFAULT_KEY_ENV);
    if (!KEY_ENV.matcher(variable).matches()) {
      throw new InvalidSettings(
          "apiKeyEnv must name a variable ending in _API_KEY, like OPENAI_API_KEY");
    }
    String key = secrets.environment().apply(variable);
    return key == null ? "" : key.strip();
  }

  /** {@code single} (for this spec's role), else {@code byRole[role]}, else the default. */
  private static String perRole(
      SettingsReader settings, String single, String byRole, AgentRole role, String fallback) {
    String value = settings.string(single);
    if (value != null) {
      return value;
    }
    Object forRole = SettingsReader.byRole(settings.object(byRole), role.name());
    if (forRole == null) {
      return fallback;
    }
    if (forRole instanceof String s) {
      return s;
    }
    throw new InvalidSettings(byRole + "." + role.name().toLowerCase() + " must be a string");
  }
}
