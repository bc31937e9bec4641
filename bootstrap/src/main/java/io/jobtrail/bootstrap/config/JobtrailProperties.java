package io.jobtrail.bootstrap.config;

import io.jobtrail.application.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under {@code jobtrail.*} (also as environment variables, e.g. JOBTRAIL_DATA_DIR). */
@ConfigurationProperties("jobtrail")
public record JobtrailProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("") String instanceId,
    @DefaultValue Database database,
    @DefaultValue Store store,
    @DefaultValue Live live,
    @DefaultValue Security security,
    @DefaultValue Graphql graphql,
    @DefaultValue Orchestrator orchestrator,
    @DefaultValue Agents agents,
    @DefaultValue Otel otel,
    @DefaultValue RateLimits rateLimits,
    @DefaultValue Shutdown shutdown,
    @DefaultValue Console console,
    @DefaultValue Pricing pricing,
    @DefaultValue("unknown") String release) {

  /**
   * What each model's tokens cost, e.g. {@code
   * jobtrail.pricing.models.gpt-4o-mini.prompt-usd-per-million=0.15} (a name with a dot in
   * brackets: {@code jobtrail.pricing.models[gpt-4.1].…}); listed on top of the simulated agent's
   * default (see docs/usage.md).
   */
  public record Pricing(@DefaultValue Map<String, ModelPrice> models) {}

  /** USD per million prompt (input) and completion (output) tokens; both must be given. */
  public record ModelPrice(
      @Nullable Double promptUsdPerMillion, @Nullable Double completionUsdPerMillion) {}

  /** The web console: {@code traceUrl} is a link template with {@code {traceId}}, e.g. Jaeger's. */
  public record Console(@DefaultValue("") String traceUrl) {}

  /**
   * Bounded waits on PostgreSQL: for a pooled connection, a statement, a lock, and a silent socket
   * (a network that drops packets). While the database is away, calls fail within about the
   * connection timeout with {@code UNAVAILABLE}.
   */
  public record Database(
      @DefaultValue("1500ms") Duration connectionTimeout,
      @DefaultValue("5s") Duration statementTimeout,
      @DefaultValue("2s") Duration lockTimeout,
      @DefaultValue("15s") Duration socketTimeout,
      @DefaultValue("16") int poolSize) {}

  /** How long a stopping instance may take, in all; it exits then whatever is still running. */
  public record Shutdown(@DefaultValue("15s") Duration timeout) {}

  /** Per principal: commands and new subscriptions, as token buckets (capacity, refill/s). */
  public record RateLimits(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("200") int commandBurst,
      @DefaultValue("50") int commandsPerSecond,
      @DefaultValue("200") int subscriptionBurst,
      @DefaultValue("20") int subscriptionsPerSecond) {}

  public record Store(
      @DefaultValue("100") int snapshotEvery,
      @DefaultValue("10") int maxConflictRetries,
      @DefaultValue("4") int appendBatchesInFlight,
      @DefaultValue("1m") Duration headCheckpointInterval) {}

  public record Live(
      @DefaultValue("500ms") Duration pollInterval,
      @DefaultValue("500") int batchSize,
      @DefaultValue("1024") int subscriberBuffer,
      @DefaultValue("10s") Duration maxSubscriberLag) {}

  public record Orchestrator(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("128") int workers,
      @DefaultValue("256") int maxActiveJobs,
      @DefaultValue("250ms") Duration pollInterval,
      @DefaultValue("10s") Duration leaseDuration,
      @DefaultValue("AT_STEP_BOUNDARY") io.jobtrail.application.orchestrator.PauseMode pauseMode,
      @DefaultValue("8s") Duration shutdownGrace) {}

  public record Agents(
      @DefaultValue("300") long simulatedLatencyMs,
      @DefaultValue List<String> commandAllowed,
      @DefaultValue("") String openaiBaseUrl,
      @DefaultValue("") String openaiModel,
      @DefaultValue Map<String, String> secrets) {}

  public record Graphql(
      @DefaultValue("12") int maxDepth,
      @DefaultValue("20000") int maxComplexity,
      @DefaultValue("50") int maxSubscriptionsPerConnection,
      @DefaultValue("262144") int maxRequestBytes,
      @DefaultValue("false") boolean schemaWithoutToken) {}

  public record Security(
      @DefaultValue List<TokenProperties> tokens,
      @DefaultValue("false") boolean metricsWithoutToken) {}

  public record TokenProperties(
      String token, @DefaultValue("VIEWER") Role role, @Nullable String user) {}

  public record Otel(
      @DefaultValue("") String otlpEndpoint, @DefaultValue("jobtrail") String serviceName) {}
}
