package io.jobtrail.bootstrap.config;

import io.jobtrail.application.publishing.PublishingRelay;
import io.jobtrail.bootstrap.config.CoreConfiguration.InstanceId;
import io.jobtrail.nats.JetStreamEventLogPublisher;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The relay of the event log to NATS JetStream, on when {@code jobtrail.publishing.nats.url} is
 * set. A relay to another broker would be one more adapter module implementing {@code
 * EventLogPublisher} and one more configuration like this one (docs/publishing.md).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${jobtrail.publishing.nats.url:}'.isEmpty()")
public class PublishingConfiguration {

  @Bean(destroyMethod = "close")
  JetStreamEventLogPublisher jetStreamPublisher(
      PublishingProperties properties, InstanceId instanceId) {
    var nats = properties.nats();
    return new JetStreamEventLogPublisher(
        new JetStreamEventLogPublisher.Settings(
            nats.url(),
            nats.stream(),
            nats.subjectPrefix(),
            nats.credentialsFile().isBlank() ? null : Path.of(nats.credentialsFile()),
            blankToNull(nats.username()),
            blankToNull(nats.password()),
            blankToNull(nats.token()),
            nats.ackTimeout(),
            nats.duplicateWindow(),
            "jobtrail-" + instanceId.value()));
  }

  @Bean
  PublishingRelay publishingRelay(JetStreamEventLogPublisher publisher, MeterRegistry registry) {
    var relay = new PublishingRelay(publisher);
    FunctionCounter.builder("jobtrail.publishing.published", relay, PublishingRelay::published)
        .tag("destination", publisher.destination())
        .description("events this instance published that the broker stored")
        .register(registry);
    FunctionCounter.builder("jobtrail.publishing.duplicates", relay, PublishingRelay::duplicates)
        .tag("destination", publisher.destination())
        .description("events published again that the broker already had (and dropped)")
        .register(registry);
    return relay;
  }

  private static @Nullable String blankToNull(String value) {
    return value.isBlank() ? null : value;
  }
}
