package io.jobtrail.application.port.in;

import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.StepView;
import io.jobtrail.domain.job.JobId;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A job's family (the job it descends from by replays, and every replay below it), and figures
 * across a family or a filter of jobs: per step and role, runs, success, attempts, durations and
 * spend; and how each replay differs from its original. Attempts a replay copied from its original
 * count once, in the original.
 */
public interface AnalyseJobs {

  /** At most this many jobs in a family or an analysis; more are reported as truncated. */
  int MAX_JOBS = 1_000;

  /**
   * @throws io.jobtrail.domain.job.JobRejected (JOB_NOT_FOUND) if there is no such job
   */
  JobFamily family(JobId member);

  /**
   * The family of {@code member}.
   *
   * @throws io.jobtrail.domain.job.JobRejected (JOB_NOT_FOUND) if there is no such job
   */
  JobAnalysis analyseFamily(JobId member);

  /** The newest {@code limit} jobs matching the filter (1 to {@link #MAX_JOBS}). */
  JobAnalysis analyseJobs(JobFilter filter, int limit);

  /** The root and its descendants, parents before children, oldest first among siblings. */
  record JobFamily(JobId root, List<FamilyMember> members, boolean truncated) {}

  /** A member, the job it was forked from (null for the root) and how many forks from the root. */
  record FamilyMember(JobSummary job, @Nullable JobId parent, int depth) {}

  record JobAnalysis(
      int jobCount,
      boolean truncated,
      Map<JobView.Status, Long> outcomes,
      List<StepFigures> steps,
      List<RoleFigures> roles,
      List<ReplayDifference> replays) {}

  /** One step id ({@code plan}, {@code code-2}, ...) across the jobs. */
  record StepFigures(String stepId, StepView.Role role, int iteration, Figures figures) {}

  record RoleFigures(StepView.Role role, Figures figures) {}

  /**
   * {@code runs}: the jobs that ran the step (with an attempt of their own); {@code succeeded} and
   * {@code failed}: those runs' ends; attempt durations over finished attempts; spend over the
   * calls that reported it ({@code costUsd} null while no call had a known cost).
   */
  record Figures(
      int runs,
      int succeeded,
      int failed,
      int attempts,
      int failedAttempts,
      @Nullable Long attemptP50Ms,
      @Nullable Long attemptP95Ms,
      Spend spend) {

    /** Succeeded over ended runs; null while none ended. */
    public @Nullable Double successRate() {
      int ended = succeeded + failed;
      return ended == 0 ? null : (double) succeeded / ended;
    }
  }

  /** What agent calls used: tokens, cost (null while none is known), time, calls. */
  record Spend(
      long totalTokens, @Nullable Double costUsd, long agentTimeMs, int calls, int unpricedCalls) {}

  /**
   * A replay beside its original: where it forked, which steps it kept (copied) and ran again, both
   * outcomes and durations, the original's spend and the replay's own (copied calls are not the
   * replay's).
   */
  record ReplayDifference(
      JobSummary original,
      JobSummary replay,
      long forkedAtVersion,
      List<String> copiedSteps,
      List<String> rerunSteps,
      JobView.Status originalStatus,
      JobView.Status replayStatus,
      @Nullable Long originalDurationMs,
      @Nullable Long replayDurationMs,
      Spend originalSpend,
      Spend replaySpend) {}
}
