package io.jobtrail.application.alert;

import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A notification a rule fired, and its delivery log. {@code id} is the idempotency key the receiver
 * sees on every attempt; {@code trigger} says what fired it ({@code JobFailed}, {@code
 * NO_EVENT_FOR}, {@code TEST}, ...); {@code body} is exactly what each attempt sends.
 */
public record AlertDelivery(
    UUID id,
    long sequence,
    UUID ruleId,
    @Nullable JobId jobId,
    String trigger,
    WebhookFormat format,
    String body,
    DeliveryState state,
    int attempts,
    int maxAttempts,
    Instant createdAt,
    @Nullable Instant nextAttemptAt,
    @Nullable Instant deliveredAt,
    @Nullable Integer lastStatusCode,
    @Nullable String lastError,
    @Nullable String redeliveredBy,
    @Nullable Instant redeliveredAt,
    List<DeliveryAttempt> attemptLog) {

  public AlertDelivery {
    attemptLog = List.copyOf(attemptLog);
  }
}
