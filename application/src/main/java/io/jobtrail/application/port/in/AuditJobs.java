package io.jobtrail.application.port.in;

import io.jobtrail.application.readmodel.RecordedHead;
import io.jobtrail.domain.job.JobId;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Checking a job's history, and comparing two jobs step by step. */
public interface AuditJobs {

  /**
   * Folds the job's log from scratch and compares the result with the read model, the latest
   * snapshot and the recorded heads (a log shorter than its head has lost its tail), and checks the
   * hash chain; every difference is reported.
   *
   * @throws io.jobtrail.domain.job.JobRejected (JOB_NOT_FOUND) if the job has no events
   */
  VerificationReport verify(JobId jobId);

  /**
   * @throws io.jobtrail.domain.job.JobRejected (JOB_NOT_FOUND) if either job has no events
   */
  JobComparison compare(JobId left, JobId right);

  /**
   * The highest recorded head checkpoint of each job, by job id after {@code after} (null: from the
   * first), for an export kept outside the database.
   */
  List<RecordedHead> recordedHeads(@Nullable JobId after, int limit);

  record VerificationReport(
      JobId jobId,
      long eventsChecked,
      boolean hashChainIntact,
      @Nullable Long firstBrokenVersion,
      List<String> differences) {

    public boolean ok() {
      return hashChainIntact && differences.isEmpty();
    }
  }

  /** Two jobs side by side: per step what differs, and what differs overall. */
  record JobComparison(
      io.jobtrail.domain.job.JobState left,
      io.jobtrail.domain.job.JobState right,
      List<StepComparison> steps,
      List<String> differences) {}

  record StepComparison(
      String stepId,
      io.jobtrail.domain.job.@Nullable StepState left,
      io.jobtrail.domain.job.@Nullable StepState right,
      List<String> differences) {

    public boolean differs() {
      return !differences.isEmpty();
    }
  }
}
