package io.jobtrail.application.alert;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at a delivery, as the delivery log shows it: when, the receiver's HTTP status (none
 * if no response came), how long it took, why it failed, and the instance that sent it.
 */
public record DeliveryAttempt(
    int attempt,
    Instant startedAt,
    @Nullable Integer statusCode,
    long latencyMs,
    @Nullable String error,
    String instanceId) {

  public boolean succeeded() {
    return error == null && statusCode != null && statusCode >= 200 && statusCode < 300;
  }
}
