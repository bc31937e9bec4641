package io.jobtrail.application.event;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Append throughput and latency as this instance sees them: events per second over the last ten
 * seconds, and the 95th percentile of the last 2,048 append latencies. Lock-free to record.
 */
public final class AppendStats {

  private static final int WINDOW_SECONDS = 10;
  private static final int SAMPLES = 2_048;

  private final AtomicLongArray eventsPerSecond = new AtomicLongArray(WINDOW_SECONDS);
  private final AtomicLongArray secondOfSlot = new AtomicLongArray(WINDOW_SECONDS);
  private final AtomicLongArray latencies = new AtomicLongArray(SAMPLES);
  private final LongAdder appends = new LongAdder();
  private final LongAdder events = new LongAdder();

  public void record(int eventCount, long latencyNanos, long nowMillis) {
    long second = nowMillis / 1_000;
    int slot = (int) (second % WINDOW_SECONDS);
    if (secondOfSlot.getAndSet(slot, second) != second) {
      eventsPerSecond.set(slot, 0);
    }
    eventsPerSecond.addAndGet(slot, eventCount);
    long n = appends.sum();
    latencies.set((int) (n % SAMPLES), latencyNanos);
    appends.increment();
    events.add(eventCount);
  }

  public long totalEvents() {
    return events.sum();
  }

  public long totalAppends() {
    return appends.sum();
  }

  public double eventsPerSecond(long nowMillis) {
    long now = nowMillis / 1_000;
    long sum = 0;
    for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
      long second = secondOfSlot.get(slot);
      // The current second is still filling: count only the complete ones.
      if (second < now && second >= now - WINDOW_SECONDS) {
        sum += eventsPerSecond.get(slot);
      }
    }
    return sum / (double) WINDOW_SECONDS;
  }

  public double appendLatencyP95Millis() {
    int count = (int) Math.min(appends.sum(), SAMPLES);
    if (count == 0) {
      return 0;
    }
    long[] sample = new long[count];
    for (int i = 0; i < count; i++) {
      sample[i] = latencies.get(i);
    }
    Arrays.sort(sample);
    return sample[Math.min(count - 1, (int) Math.ceil(count * 0.95) - 1)] / 1_000_000.0;
  }
}
