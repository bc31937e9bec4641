package io.jobtrail.application.consumer;

import java.time.Duration;

/**
 * How {@link ConsumerRunner} runs consumers: this instance's name, how long a consumer's lease
 * lasts without renewal (another instance takes over after that when the holder dies), how often an
 * idle consumer looks for new events (a wake-up comes sooner), how many events one batch holds, the
 * longest backoff between retries of a failing batch, and how long a consumer that has caught up
 * lingers before it reads again ({@code linger}: under load it then reads a few large batches a
 * second instead of one small batch per commit; it is the most it adds to an event's way through).
 */
public record ConsumerSettings(
    String instanceId,
    Duration leaseDuration,
    Duration pollInterval,
    int batchSize,
    Duration retryBackoffMax,
    Duration linger) {

  public ConsumerSettings {
    if (instanceId.isBlank()) {
      throw new IllegalArgumentException("a consumer runner needs an instance id");
    }
    if (leaseDuration.toMillis() < 300) {
      throw new IllegalArgumentException("a consumer lease lasts at least 300ms");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("the consumer poll interval must be positive");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("a consumer batch holds at least one event");
    }
    if (linger.isNegative()) {
      throw new IllegalArgumentException("a consumer's linger cannot be negative");
    }
  }

  public static ConsumerSettings defaults(String instanceId) {
    return new ConsumerSettings(
        instanceId,
        Duration.ofSeconds(10),
        Duration.ofMillis(500),
        500,
        Duration.ofSeconds(30),
        Duration.ofMillis(25));
  }
}
