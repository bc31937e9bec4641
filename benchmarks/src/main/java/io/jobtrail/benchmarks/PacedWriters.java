package io.jobtrail.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes about {@code eventsPerSecond} events: {@code threads} threads, each owning every {@code
 * threads}-th job, alternate {@code pauseJob} and {@code resumeJob} through the inbound port (one
 * event per command) on a fixed schedule. A thread that falls more than 100 ms behind its schedule
 * skips ahead instead of bursting; the achieved rate is measured, not assumed.
 */
final class PacedWriters implements AutoCloseable {

  private static final long MAX_LAG_NANOS = 100_000_000;

  private final JobToggles jobs;
  private final int threads;
  private final long periodNanos;
  private final long maxCommands;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final List<Thread> running = new ArrayList<>();
  private final List<Latency> latencies = new ArrayList<>();
  private volatile boolean stopping;

  /**
   * @param maxCommands appends per thread at most: each loop is bounded by this and by {@link
   *     #close()}
   */
  PacedWriters(JobToggles jobs, int threads, double eventsPerSecond, long maxCommands) {
    this.jobs = jobs;
    this.threads = threads;
    this.periodNanos = (long) (threads * 1e9 / eventsPerSecond);
    this.maxCommands = maxCommands;
  }

  /** Starts writing. */
  void start() {
    long begin = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int index = t;
      var latency = new Latency();
      latencies.add(latency);
      running.add(
          Thread.ofPlatform()
              .name("bench-writer-" + t)
              .start(() -> write(index, begin + index * periodNanos / threads, latency)));
    }
  }

  private void write(int thread, long first, Latency latency) {
    var mine = new ArrayList<Integer>();
    for (int i = thread; i < jobs.size(); i += threads) {
      mine.add(i);
    }
    long due = first;
    int turn = 0;
    for (long n = 0; n < maxCommands && !stopping; n++) {
      long now = System.nanoTime();
      if (now < due) {
        LockSupport.parkNanos(due - now);
      } else if (now - due > MAX_LAG_NANOS) {
        due = now;
      }
      int job = mine.get(turn++ % mine.size());
      long started = System.nanoTime();
      try {
        jobs.toggle(job);
        written.incrementAndGet();
        latency.record(System.nanoTime() - started);
      } catch (RuntimeException e) {
        failures.incrementAndGet();
      }
      due += periodNanos;
    }
  }

  long written() {
    return written.get();
  }

  long failures() {
    return failures.get();
  }

  /** Append latencies (each returns after its commit) of every thread; call after close. */
  Latency commandLatency() {
    var all = new Latency();
    latencies.forEach(all::add);
    return all;
  }

  /** Stops the threads and waits for them. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    for (Thread thread : running) {
      thread.join(30_000);
    }
  }
}
