package io.jobtrail.application.alert;

import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A delivery to queue. {@code triggerKey} is unique per rule: queuing the same key again is a
 * no-op, which is what makes evaluating an event twice (or sweeping a stuck job again) fire once.
 */
public record NewDelivery(
    UUID id,
    UUID ruleId,
    @Nullable JobId jobId,
    String triggerKey,
    String trigger,
    WebhookFormat format,
    String body,
    int maxAttempts,
    Instant createdAt) {}
