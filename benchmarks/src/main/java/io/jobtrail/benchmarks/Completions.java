package io.jobtrail.benchmarks;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.domain.job.JobId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the instance's live event hub for jobs that ended (completed, failed or cancelled), so
 * the benchmark waits for them without polling the database.
 */
final class Completions implements AutoCloseable {

  private static final Set<String> TERMINAL = Set.of("JobCompleted", "JobFailed", "JobCancelled");

  private final Set<JobId> ended = ConcurrentHashMap.newKeySet();
  private final Object monitor = new Object();
  private final AutoCloseable registration;

  Completions(EventHub hub) {
    this.registration = hub.subscribeAll(this::seen);
  }

  /** Runs on the live reader's thread: records and signals, never blocks. */
  private void seen(List<RecordedEvent> events) {
    boolean any = false;
    for (RecordedEvent event : events) {
      if (TERMINAL.contains(event.eventType())) {
        ended.add(event.jobId());
        any = true;
      }
    }
    if (any) {
      synchronized (monitor) {
        monitor.notifyAll();
      }
    }
  }

  /** Waits until every job in {@code jobs} has ended; false if {@code timeout} passed first. */
  boolean await(Collection<JobId> jobs, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (!ended.containsAll(jobs)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        monitor.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }

  @Override
  public void close() throws Exception {
    registration.close();
  }
}
