package io.jobtrail.application.testing;

import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.ChainVerification;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the reads of a store, and the events they return. */
public final class CountingStore implements JobEventStore {
  private final JobEventStore delegate;
  public final AtomicLong eventsRead = new AtomicLong();
  public final AtomicLong reads = new AtomicLong();

  public CountingStore(JobEventStore delegate) {
    this.delegate = delegate;
  }

  private List<RecordedEvent> counted(List<RecordedEvent> read) {
    reads.incrementAndGet();
    eventsRead.addAndGet(read.size());
    return read;
  }

  @Override
  public AppendResult append(
      JobId jobId, StreamHead expected, List<NewEvent> events, JobState stateAfter) {
    return delegate.append(jobId, expected, events, stateAfter);
  }

  @Override
  public List<RecordedEvent> readStream(JobId jobId, long afterVersion, int limit) {
    return counted(delegate.readStream(jobId, afterVersion, limit));
  }

  @Override
  public List<RecordedEvent> readStreamAfterPosition(JobId jobId, long afterPosition, int limit) {
    return counted(delegate.readStreamAfterPosition(jobId, afterPosition, limit));
  }

  @Override
  public List<RecordedEvent> readStreamRange(JobId jobId, long afterVersion, long toVersion) {
    return counted(delegate.readStreamRange(jobId, afterVersion, toVersion));
  }

  @Override
  public long versionAt(JobId jobId, Instant at) {
    return delegate.versionAt(jobId, at);
  }

  @Override
  public List<RecordedEvent> readAll(GlobalCursor after, int limit) {
    return counted(delegate.readAll(after, limit));
  }

  @Override
  public boolean readHeldBack(GlobalCursor after) {
    return delegate.readHeldBack(after);
  }

  @Override
  public GlobalCursor latestCursor() {
    return delegate.latestCursor();
  }

  @Override
  public ChainVerification verifyChain(JobId jobId) {
    return delegate.verifyChain(jobId);
  }

  @Override
  public Map<JobId, Long> versions(Collection<JobId> jobIds) {
    reads.incrementAndGet();
    return delegate.versions(jobIds);
  }

  @Override
  public List<JobId> jobIds(JobId after, int limit) {
    return delegate.jobIds(after, limit);
  }
}
