package io.jobtrail.application.orchestrator;

import io.jobtrail.domain.job.JobLimits;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a retry: the job's exponential backoff ({@link JobLimits#backoffBeforeAttempt})
 * times a random factor in {@code [1 - jitter, 1 + jitter]}, so retries of many jobs that failed
 * together spread out; never more than the job's maximum backoff.
 */
final class RetryBackoff {

  private final double jitter;

  RetryBackoff(double jitter) {
    this.jitter = jitter;
  }

  Duration before(JobLimits limits, int nextAttempt) {
    long base = limits.backoffBeforeAttempt(nextAttempt);
    if (base == 0 || jitter == 0) {
      return Duration.ofMillis(base);
    }
    double factor = 1 - jitter + ThreadLocalRandom.current().nextDouble() * 2 * jitter;
    return Duration.ofMillis(Math.min(Math.round(base * factor), limits.backoffMaxMs()));
  }
}
