package io.jobtrail.application.alert;

import java.time.Duration;

/**
 * How alerts are delivered: the attempts a delivery gets before it is dead, the backoff between
 * them (exponential from {@code backoffInitial}, capped at {@code backoffMax}, with jitter), the
 * timeout of one attempt, how many attempts run at once on an instance, and how often the time
 * conditions are swept.
 */
public record AlertSettings(
    String instanceId,
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax,
    Duration timeout,
    int concurrency,
    Duration sweepInterval) {

  public AlertSettings {
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("alert max-attempts: between 1 and 100");
    }
    if (backoffInitial.isNegative() || backoffMax.compareTo(backoffInitial) < 0) {
      throw new IllegalArgumentException("alert backoff: 0 <= backoff-initial <= backoff-max");
    }
    if (timeout.toMillis() < 100) {
      throw new IllegalArgumentException("alert timeout: at least 100ms");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("alert concurrency: at least 1");
    }
  }

  /** How long a claimed attempt stays hidden from other senders: past its timeout, with margin. */
  public Duration claimFor() {
    return timeout.multipliedBy(2).plusSeconds(5);
  }

  /** The un-jittered delay after failed attempt {@code attempt} (1, 2, ...). */
  public long backoffMillisAfter(int attempt) {
    long delay = backoffInitial.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
    return Math.min(delay < 0 ? Long.MAX_VALUE : delay, backoffMax.toMillis());
  }
}
