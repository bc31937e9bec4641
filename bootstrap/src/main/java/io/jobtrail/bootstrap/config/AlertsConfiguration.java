package io.jobtrail.bootstrap.config;

import io.jobtrail.application.alert.AlertDeliveryService;
import io.jobtrail.application.alert.AlertDispatcher;
import io.jobtrail.application.alert.AlertRuleService;
import io.jobtrail.application.alert.AlertSettings;
import io.jobtrail.application.alert.AlertsConsumer;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.port.out.AlertDeliveries;
import io.jobtrail.application.port.out.AlertRules;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.port.out.WebhookSender;
import io.jobtrail.bootstrap.config.CoreConfiguration.InstanceId;
import io.jobtrail.persistence.alert.JooqAlertDeliveries;
import io.jobtrail.persistence.alert.JooqAlertRules;
import io.jobtrail.webhooks.HttpWebhookSender;
import io.jobtrail.webhooks.WebhookTargets;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Alert rules, their evaluation (a durable consumer of the log) and webhook delivery. */
@Configuration(proxyBeanMethods = false)
public class AlertsConfiguration {

  @Bean
  JooqAlertRules alertRules(DSLContext dsl) {
    return new JooqAlertRules(dsl);
  }

  @Bean
  JooqAlertDeliveries alertDeliveries(DSLContext dsl) {
    return new JooqAlertDeliveries(dsl);
  }

  @Bean
  AlertSettings alertSettings(AlertsProperties properties, InstanceId instanceId) {
    return new AlertSettings(
        instanceId.value(),
        properties.maxAttempts(),
        properties.backoffInitial(),
        properties.backoffMax(),
        properties.timeout(),
        properties.concurrency(),
        properties.sweepInterval());
  }

  @Bean
  HttpWebhookSender webhookSender(AlertsProperties properties, Clock clock) {
    return new HttpWebhookSender(
        new WebhookTargets(properties.allowPrivateTargets()), properties.timeout(), clock);
  }

  @Bean(destroyMethod = "close")
  AlertDispatcher alertDispatcher(
      AlertDeliveries deliveries,
      WebhookSender sender,
      AlertSettings settings,
      AlertsProperties properties,
      Clock clock) {
    var dispatcher = new AlertDispatcher(deliveries, sender, settings, clock);
    if (properties.enabled()) {
      dispatcher.start();
    }
    return dispatcher;
  }

  @Bean
  AlertRuleService alertRuleService(
      AlertRules rules,
      AlertDeliveries deliveries,
      WebhookSender sender,
      AlertDispatcher dispatcher,
      UuidV7 ids,
      Clock clock) {
    return new AlertRuleService(rules, deliveries, sender, dispatcher, ids, clock);
  }

  @Bean
  AlertDeliveryService alertDeliveryService(
      AlertDeliveries deliveries, AlertDispatcher dispatcher, AlertSettings settings, Clock clock) {
    return new AlertDeliveryService(deliveries, dispatcher, settings, clock);
  }

  /** The rules' evaluation, run by the consumer runner on one instance at a time. */
  @Bean
  @ConditionalOnProperty(
      name = "jobtrail.alerts.enabled",
      havingValue = "true",
      matchIfMissing = true)
  AlertsConsumer alertsConsumer(
      AlertRules rules,
      AlertDeliveries deliveries,
      AlertDispatcher dispatcher,
      JobRepository jobs,
      JobSummaries summaries,
      JobEventStore events,
      AlertSettings settings,
      UuidV7 ids,
      Clock clock) {
    return new AlertsConsumer(
        rules, deliveries, dispatcher, jobs, summaries, events, settings, ids, clock);
  }
}
