package io.jobtrail.application.port.out;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.util.Optional;

/**
 * Disposable snapshots of folded job state, stored in the form of {@link
 * io.jobtrail.application.event.SnapshotDocuments}. A snapshot of another format, or one that
 * cannot be read, is never returned (it is logged and ignored).
 */
public interface JobSnapshots {

  void save(JobState state, StreamHead head);

  /** The latest usable snapshot at or before {@code maxVersion}. */
  Optional<Snapshot> latest(JobId jobId, long maxVersion);

  /** Deletes every snapshot; they are rebuilt as jobs advance. */
  void deleteAll();

  record Snapshot(JobState state, StreamHead head) {}
}
