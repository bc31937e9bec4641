package io.jobtrail.bootstrap.config;

import io.jobtrail.application.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under {@code jobtrail.*} (also as environment variables, e.g. JOBTRAIL_DATA_DIR). */
@ConfigurationProperties("jobtrail")
public record JobtrailProperties(
    @DefaultValue("./data") Path dataDir,
    @DefaultValue("") String instanceId,
    @DefaultValue Store store,
    @DefaultValue Live live,
    @DefaultValue Security security,
    @DefaultValue Graphql graphql,
    @DefaultValue Orchestrator orchestrator,
    @DefaultValue Agents agents,
    @DefaultValue Otel otel) {

  public record Store(
      @DefaultValue("100") int snapshotEvery,
      @DefaultValue("10") int maxConflictRetries,
      @DefaultValue("4") int appendBatchesInFlight) {}

  public record Live(
      @DefaultValue("500ms") Duration pollInterval,
      @DefaultValue("500") int batchSize,
      @DefaultValue("1024") int subscriberBuffer) {}

  public record Orchestrator(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("16") int workers,
      @DefaultValue("32") int maxActiveJobs,
      @DefaultValue("250ms") Duration pollInterval,
      @DefaultValue("10s") Duration leaseDuration,
      @DefaultValue("AT_STEP_BOUNDARY") io.jobtrail.application.orchestrator.PauseMode pauseMode) {}

  public record Agents(
      @DefaultValue("300") long simulatedLatencyMs,
      @DefaultValue List<String> commandAllowed,
      @DefaultValue("") String openaiBaseUrl,
      @DefaultValue("") String openaiModel) {}

  public record Graphql(
      @DefaultValue("12") int maxDepth,
      @DefaultValue("5000") int maxComplexity,
      @DefaultValue("50") int maxSubscriptionsPerConnection,
      @DefaultValue("262144") int maxRequestBytes) {}

  public record Security(@DefaultValue List<TokenProperties> tokens) {}

  public record TokenProperties(
      String token, @DefaultValue("VIEWER") Role role, @Nullable String user) {}

  public record Otel(
      @DefaultValue("") String otlpEndpoint, @DefaultValue("jobtrail") String serviceName) {}
}
