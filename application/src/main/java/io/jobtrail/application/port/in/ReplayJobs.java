package io.jobtrail.application.port.in;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Replay for debugging (fork a job) and for recovery (rebuild the read models). */
public interface ReplayJobs {

  /**
   * Forks {@code jobId} at {@code fromVersion} into a new job whose parameters are the original's
   * with {@code overrides} applied as a JSON merge patch; the new job records its origin and runs
   * on from that point. The original is not touched.
   *
   * @throws io.jobtrail.domain.job.JobRejected if the job or version does not exist, or the job had
   *     already ended at that version
   */
  JobState replay(
      JobId jobId, long fromVersion, @Nullable Map<String, Object> overrides, CommandOrigin origin);

  /** Rebuilds every job's summary from its log (and drops the snapshots, which are disposable). */
  RebuildReport rebuildProjections();

  record RebuildReport(
      int jobsReplayed, int jobsClean, int jobsFailed, List<String> failures, long durationMs) {}
}
