package io.jobtrail.benchmarks;

import org.HdrHistogram.Histogram;

/** Latencies in nanoseconds, up to a minute, three significant digits. */
final class Latency {

  private final Histogram histogram = new Histogram(60_000_000_000L, 3);

  void record(long nanos) {
    histogram.recordValue(Math.max(1, Math.min(nanos, histogram.getHighestTrackableValue())));
  }

  void add(Latency other) {
    histogram.add(other.histogram);
  }

  long count() {
    return histogram.getTotalCount();
  }

  /** The percentile in milliseconds. */
  double millis(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1e6;
  }

  double meanMillis() {
    return histogram.getMean() / 1e6;
  }
}
