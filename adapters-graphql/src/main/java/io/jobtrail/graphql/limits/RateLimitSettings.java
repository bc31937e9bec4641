package io.jobtrail.graphql.limits;

/**
 * Token buckets per principal: each command (a mutation field) and each new subscription takes one
 * token; a bucket holds up to its capacity and refills at its rate. {@code enabled = false} turns
 * both off.
 */
public record RateLimitSettings(
    boolean enabled,
    int commandCapacity,
    int commandsPerSecond,
    int subscriptionCapacity,
    int subscriptionsPerSecond) {

  public static final RateLimitSettings OFF = new RateLimitSettings(false, 1, 1, 1, 1);

  public RateLimitSettings {
    if (commandCapacity < 1 || commandsPerSecond < 1) {
      throw new IllegalArgumentException("command rate limits must be at least 1");
    }
    if (subscriptionCapacity < 1 || subscriptionsPerSecond < 1) {
      throw new IllegalArgumentException("subscription rate limits must be at least 1");
    }
  }
}
