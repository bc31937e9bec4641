package io.jobtrail.bootstrap.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code jobtrail.alerts.*}: whether this instance evaluates rules and sends deliveries, which
 * targets webhooks may have, and how deliveries are retried.
 */
@ConfigurationProperties("jobtrail.alerts")
public record AlertsProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("false") boolean allowPrivateTargets,
    @DefaultValue("10") int maxAttempts,
    @DefaultValue("1s") Duration backoffInitial,
    @DefaultValue("10m") Duration backoffMax,
    @DefaultValue("10s") Duration timeout,
    @DefaultValue("8") int concurrency,
    @DefaultValue("5s") Duration sweepInterval) {}
