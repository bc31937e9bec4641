package io.jobtrail.application.port.in;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.domain.job.AgentRole;
import io.jobtrail.domain.job.AgentSpec;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.ReuseMode;
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
  default JobState replay(
      JobId jobId,
      long fromVersion,
      @Nullable Map<String, Object> overrides,
      CommandOrigin origin) {
    return replay(jobId, fromVersion, overrides, Map.of(), ReuseMode.NONE, origin);
  }

  /**
   * As {@link #replay(JobId, long, Map, CommandOrigin)}, with the agents of the roles named in
   * {@code agents} replaced (the others keep the original's), and the reuse mode: with {@code
   * UNCHANGED_INPUTS} a later step whose input is the original's takes its recorded output instead
   * of calling the agent (ADR 62). Agent settings follow createJob's rules: secrets by reference.
   */
  JobState replay(
      JobId jobId,
      long fromVersion,
      @Nullable Map<String, Object> overrides,
      Map<AgentRole, AgentSpec> agents,
      ReuseMode reuse,
      CommandOrigin origin);

  /** Rebuilds every job's summary from its log (and drops the snapshots, which are disposable). */
  RebuildReport rebuildProjections();

  record RebuildReport(
      int jobsReplayed, int jobsClean, int jobsFailed, List<String> failures, long durationMs) {}
}
