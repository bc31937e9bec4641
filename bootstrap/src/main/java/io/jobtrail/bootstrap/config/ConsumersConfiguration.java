package io.jobtrail.bootstrap.config;

import io.jobtrail.application.consumer.ConsumerQueries;
import io.jobtrail.application.consumer.ConsumerRunner;
import io.jobtrail.application.consumer.ConsumerSettings;
import io.jobtrail.application.consumer.ConsumerStatus;
import io.jobtrail.application.consumer.LogConsumer;
import io.jobtrail.application.port.out.ConsumerCheckpoints;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.bootstrap.config.CoreConfiguration.InstanceId;
import io.jobtrail.persistence.consumer.JooqConsumerCheckpoints;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The durable consumers of the log (every {@link LogConsumer} bean: alerts, publishing), their
 * checkpoints and leases, and their metrics.
 */
@Configuration(proxyBeanMethods = false)
public class ConsumersConfiguration {

  @Bean
  JooqConsumerCheckpoints consumerCheckpoints(DSLContext dsl) {
    return new JooqConsumerCheckpoints(dsl);
  }

  @Bean
  ConsumerQueries consumerQueries(ConsumerCheckpoints checkpoints, Clock clock) {
    return new ConsumerQueries(checkpoints, clock);
  }

  @Bean(destroyMethod = "close")
  ConsumerRunner consumerRunner(
      ObjectProvider<LogConsumer> consumers,
      JobEventStore events,
      ConsumerCheckpoints checkpoints,
      ConsumersProperties properties,
      InstanceId instanceId,
      LogWakeUps wakeUps,
      Clock clock) {
    var settings =
        new ConsumerSettings(
            instanceId.value(),
            properties.leaseDuration(),
            properties.pollInterval(),
            properties.batchSize(),
            properties.retryBackoffMax(),
            properties.linger());
    var runner =
        new ConsumerRunner(
            consumers.orderedStream().toList(), events, checkpoints, settings, clock);
    wakeUps.add(runner::wake);
    if (properties.enabled()) {
      runner.start();
    }
    return runner;
  }

  /** Per consumer: lag, counters and whether this instance holds it, read at most once a second. */
  @Bean
  Object consumerGauges(MeterRegistry registry, ConsumerRunner runner, ConsumerCheckpoints store) {
    var cached = new CachedStatuses(store);
    for (String name : runner.names()) {
      gauge(
          registry,
          cached,
          name,
          "jobtrail.consumer.lag.events",
          "events after the checkpoint",
          ConsumerStatus::lagEvents);
      gauge(
          registry,
          cached,
          name,
          "jobtrail.consumer.lag.seconds",
          "age of the oldest event after the checkpoint",
          ConsumerStatus::lagSeconds);
      gauge(
          registry,
          cached,
          name,
          "jobtrail.consumer.delivered",
          "events handled",
          s -> s.delivered());
      gauge(
          registry,
          cached,
          name,
          "jobtrail.consumer.failed",
          "failed attempts at a batch",
          s -> s.failed());
      gauge(
          registry,
          cached,
          name,
          "jobtrail.consumer.retrying",
          "events of the batch being retried",
          ConsumerStatus::retrying);
      Gauge.builder("jobtrail.consumer.active", runner, r -> r.holds(name) ? 1 : 0)
          .tag("consumer", name)
          .description("1 while this instance holds the consumer's lease")
          .register(registry);
    }
    return cached;
  }

  private static void gauge(
      MeterRegistry registry,
      CachedStatuses cached,
      String name,
      String metric,
      String description,
      ToDoubleFunction<ConsumerStatus> value) {
    Gauge.builder(
            metric,
            cached,
            c -> {
              ConsumerStatus status = c.get(name);
              return status == null ? Double.NaN : value.applyAsDouble(status);
            })
        .tag("consumer", name)
        .description(description)
        .register(registry);
  }

  /** The consumers' statuses, queried at most once a second however many gauges read them. */
  static final class CachedStatuses {
    private final ConsumerCheckpoints store;
    private volatile Map<String, ConsumerStatus> statuses = Map.of();
    private volatile long readAt;

    CachedStatuses(ConsumerCheckpoints store) {
      this.store = store;
    }

    ConsumerStatus get(String name) {
      long now = System.currentTimeMillis();
      if (now - readAt > 1_000) {
        try {
          List<ConsumerStatus> all = store.statuses(Instant.ofEpochMilli(now));
          statuses = all.stream().collect(Collectors.toMap(ConsumerStatus::name, s -> s));
        } catch (RuntimeException e) {
          // The database may be down: report the last statuses.
        }
        readAt = now;
      }
      return statuses.get(name);
    }
  }
}
