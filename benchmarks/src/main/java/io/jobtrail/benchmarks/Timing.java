package io.jobtrail.benchmarks;

import java.time.Duration;

/**
 * How long each measurement warms up and runs, and the most operations one writer may do in it:
 * every loop is bounded both in time and in count.
 */
record Timing(Duration warmup, Duration measure, int maxOpsPerWriter, int rebuildRounds) {

  static final Timing FULL =
      new Timing(Duration.ofSeconds(3), Duration.ofSeconds(8), 2_000_000, 60);
  static final Timing QUICK =
      new Timing(Duration.ofMillis(500), Duration.ofSeconds(2), 200_000, 10);
}
