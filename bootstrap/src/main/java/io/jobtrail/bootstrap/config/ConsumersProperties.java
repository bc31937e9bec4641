package io.jobtrail.bootstrap.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code jobtrail.consumers.*}: how the durable consumers of the log run. */
@ConfigurationProperties("jobtrail.consumers")
public record ConsumersProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("10s") Duration leaseDuration,
    @DefaultValue("500ms") Duration pollInterval,
    @DefaultValue("500") int batchSize,
    @DefaultValue("30s") Duration retryBackoffMax,
    @DefaultValue("25ms") Duration linger) {}
