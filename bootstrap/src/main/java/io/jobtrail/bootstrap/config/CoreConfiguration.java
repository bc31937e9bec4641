package io.jobtrail.bootstrap.config;

import io.jobtrail.application.analysis.FamilyAnalysis;
import io.jobtrail.application.audit.AuditService;
import io.jobtrail.application.event.AppendStats;
import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.JobService;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.live.LiveEventReader;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobHeadCheckpoints;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.replay.ReplayService;
import io.jobtrail.application.usage.PriceTable;
import io.jobtrail.graphql.audit.AuditController.ConsoleSettings;
import io.jobtrail.graphql.limits.GraphQlLimits;
import io.jobtrail.graphql.limits.RateLimitSettings;
import io.jobtrail.graphql.live.LiveEvents;
import io.jobtrail.graphql.security.GraphQlExposure;
import io.jobtrail.persistence.event.JooqJobEventStore;
import io.jobtrail.persistence.event.JooqJobHeadCheckpoints;
import io.jobtrail.persistence.event.JooqJobSnapshots;
import io.jobtrail.persistence.event.JooqJobSummaries;
import io.jobtrail.persistence.signal.PostgresEventSignals;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Creates the framework-free core (store, repository, use cases, live reader) as beans. */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {

  /** This instance's name on every event it writes: configured, or host plus a random suffix. */
  @Bean
  InstanceId instanceId(JobtrailProperties properties) {
    if (!properties.instanceId().isBlank()) {
      return new InstanceId(properties.instanceId());
    }
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return new InstanceId(host + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()));
  }

  /** Where this instance runs, named in every event's metadata: the release and the host. */
  @Bean
  EventMetadata.Environment eventEnvironment(JobtrailProperties properties) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return new EventMetadata.Environment(properties.release(), host, null);
  }

  /** The price table: the simulated model's default, and the models configured. */
  @Bean
  PriceTable priceTable(JobtrailProperties properties) {
    var prices = new LinkedHashMap<>(PriceTable.DEFAULT.prices());
    var models = properties.pricing().models();
    for (var entry :
        (models == null ? Map.<String, JobtrailProperties.ModelPrice>of() : models).entrySet()) {
      String property = "jobtrail.pricing.models." + entry.getKey();
      var price = entry.getValue();
      if (price.promptUsdPerMillion() == null || price.completionUsdPerMillion() == null) {
        throw new InvalidConfiguration(
            property + " needs both prompt-usd-per-million and completion-usd-per-million",
            "set both (0 for a free direction), or remove the model to leave its cost unknown");
      }
      prices.put(
          entry.getKey(),
          InvalidConfiguration.check(
              property + ".*",
              () ->
                  new PriceTable.Price(
                      price.promptUsdPerMillion(), price.completionUsdPerMillion())));
    }
    return new PriceTable(prices);
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  UuidV7 uuidV7(Clock clock) {
    return new UuidV7(clock);
  }

  /**
   * Wakes the live reader once it exists. The signals start before it (the store it reads needs
   * them), and a wake-up before then is not needed: the reader reads when it starts.
   */
  static final class LiveWakeUp implements Runnable {
    private volatile @Nullable LiveEventReader reader;

    @Override
    public void run() {
      LiveEventReader target = reader;
      if (target != null) {
        target.wake();
      }
    }
  }

  @Bean
  LiveWakeUp liveWakeUp() {
    return new LiveWakeUp();
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  PostgresEventSignals eventSignals(
      DataSource dataSource, LiveWakeUp liveWakeUp, LogWakeUps logWakeUps) {
    return new PostgresEventSignals(
        dataSource,
        () -> {
          liveWakeUp.run();
          logWakeUps.run();
        });
  }

  /** Readers of the log besides the live reader (the durable consumers) that new events wake. */
  @Bean
  LogWakeUps logWakeUps() {
    return new LogWakeUps();
  }

  @Bean
  JooqJobEventStore jobEventStore(
      DSLContext dsl, PostgresEventSignals signals, JobtrailProperties properties) {
    return new JooqJobEventStore(
        dsl, signals::appended, properties.store().appendBatchesInFlight());
  }

  @Bean
  JooqJobSnapshots jobSnapshots(DSLContext dsl) {
    return new JooqJobSnapshots(dsl);
  }

  @Bean
  JooqJobSummaries jobSummaries(DSLContext dsl) {
    return new JooqJobSummaries(dsl);
  }

  @Bean
  AppendStats appendStats() {
    return new AppendStats();
  }

  @Bean
  JobRepository jobRepository(
      JobEventStore events,
      JobSnapshots snapshots,
      JobtrailProperties properties,
      AppendStats appendStats) {
    return InvalidConfiguration.check(
        "jobtrail.store.snapshot-every",
        () ->
            new JobRepository(events, snapshots, properties.store().snapshotEvery(), appendStats));
  }

  @Bean
  JobCommandHandler jobCommandHandler(
      JobRepository repository,
      UuidV7 ids,
      OpenTelemetry openTelemetry,
      InstanceId instanceId,
      JobtrailProperties properties,
      EventMetadata.Environment environment) {
    return new JobCommandHandler(
        repository,
        ids,
        openTelemetry.getTracer("io.jobtrail"),
        instanceId.value(),
        properties.store().maxConflictRetries(),
        environment);
  }

  @Bean
  JobService jobService(
      JobCommandHandler handler,
      JobRepository repository,
      JobEventStore events,
      JobSummaries summaries,
      UuidV7 ids,
      Clock clock) {
    return new JobService(handler, events, summaries, ids, clock);
  }

  @Bean
  JooqJobHeadCheckpoints jobHeadCheckpoints(DSLContext dsl) {
    return new JooqJobHeadCheckpoints(dsl);
  }

  @Bean(destroyMethod = "close")
  HeadCheckpointSchedule headCheckpointSchedule(
      JobHeadCheckpoints checkpoints, Clock clock, JobtrailProperties properties) {
    return new HeadCheckpointSchedule(
        checkpoints, clock, properties.store().headCheckpointInterval());
  }

  @Bean
  FamilyAnalysis familyAnalysis(JobService jobs) {
    return new FamilyAnalysis(jobs);
  }

  @Bean
  AuditService auditService(
      JobEventStore events,
      JobSummaries summaries,
      JobSnapshots snapshots,
      JobHeadCheckpoints checkpoints) {
    return new AuditService(events, summaries, snapshots, checkpoints);
  }

  @Bean
  ReplayService replayService(
      JobEventStore events,
      JobSummaries summaries,
      JobSnapshots snapshots,
      JobHeadCheckpoints checkpoints,
      JobRepository repository,
      UuidV7 ids,
      Clock clock,
      OpenTelemetry openTelemetry,
      InstanceId instanceId) {
    return new ReplayService(
        events,
        summaries,
        snapshots,
        checkpoints,
        repository,
        ids,
        clock,
        openTelemetry.getTracer("io.jobtrail"),
        instanceId.value());
  }

  @Bean
  EventHub eventHub() {
    return new EventHub();
  }

  @Bean(initMethod = "start", destroyMethod = "close")
  LiveEventReader liveEventReader(
      JobEventStore events,
      EventHub hub,
      JobtrailProperties properties,
      Clock clock,
      LiveWakeUp wakeUp) {
    var live = properties.live();
    var reader = new LiveEventReader(events, hub, live.pollInterval(), live.batchSize(), clock);
    wakeUp.reader = reader;
    return reader;
  }

  @Bean
  GraphQlLimits graphQlLimits(JobtrailProperties properties) {
    var limits = properties.graphql();
    return new GraphQlLimits(
        limits.maxDepth(),
        limits.maxComplexity(),
        limits.maxSubscriptionsPerConnection(),
        limits.maxRequestBytes());
  }

  @Bean
  ConsoleSettings consoleSettings(JobtrailProperties properties) {
    String template = properties.console().traceUrl();
    return new ConsoleSettings(template.isBlank() ? null : template);
  }

  @Bean
  GraphQlExposure graphQlExposure(JobtrailProperties properties) {
    return new GraphQlExposure(properties.graphql().schemaWithoutToken());
  }

  @Bean
  RateLimitSettings rateLimitSettings(JobtrailProperties properties) {
    var limits = properties.rateLimits();
    return InvalidConfiguration.check(
        "jobtrail.rate-limits.*",
        () ->
            new RateLimitSettings(
                limits.enabled(),
                limits.commandBurst(),
                limits.commandsPerSecond(),
                limits.subscriptionBurst(),
                limits.subscriptionsPerSecond()));
  }

  @Bean
  LiveEvents.Limits liveLimits(JobtrailProperties properties) {
    return new LiveEvents.Limits(
        properties.live().subscriberBuffer(), properties.live().maxSubscriberLag());
  }

  /** The name of this instance. */
  public record InstanceId(String value) {}
}
