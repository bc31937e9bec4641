package io.jobtrail.application.testing;

import io.jobtrail.application.event.SnapshotDocuments;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Snapshots in memory, by job and version, kept in their stored form ({@link SnapshotDocuments}) as
 * the database keeps them, so every test that loads through snapshots checks that form too.
 */
public final class InMemoryJobSnapshots implements JobSnapshots {

  private record Stored(Map<String, Object> document, StreamHead head) {}

  private final Map<JobId, NavigableMap<Long, Stored>> snapshots = new ConcurrentHashMap<>();

  @Override
  public void save(JobState state, StreamHead head) {
    if (state.version() != head.version()) {
      throw new IllegalArgumentException(
          "a snapshot of version " + state.version() + " cannot be at head " + head.version());
    }
    snapshots
        .computeIfAbsent(state.id(), id -> new ConcurrentSkipListMap<>())
        .put(head.version(), new Stored(SnapshotDocuments.write(state), head));
  }

  @Override
  public Optional<Snapshot> latest(JobId jobId, long maxVersion) {
    NavigableMap<Long, Stored> forJob = snapshots.get(jobId);
    if (forJob == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(forJob.floorEntry(maxVersion))
        .map(Map.Entry::getValue)
        .map(stored -> new Snapshot(SnapshotDocuments.read(stored.document()), stored.head()));
  }

  @Override
  public void deleteAll() {
    snapshots.clear();
  }

  /** The versions the job has snapshots at, ascending. */
  public List<Long> versions(JobId jobId) {
    NavigableMap<Long, Stored> forJob = snapshots.get(jobId);
    return forJob == null ? List.of() : List.copyOf(forJob.keySet());
  }
}
