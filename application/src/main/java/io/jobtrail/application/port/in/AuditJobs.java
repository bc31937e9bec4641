package io.jobtrail.application.port.in;

import io.jobtrail.application.readmodel.RecordedHead;
import io.jobtrail.application.view.AttemptView;
import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.StepView;
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

  /**
   * One difference: where (a JSON Pointer into the job, step or attempt, e.g. {@code
   * /parameters/model} or {@code /output/artifact}) and the value on each side as JSON (null when
   * absent).
   */
  record Difference(String path, @Nullable Object left, @Nullable Object right) {}

  /** Two jobs side by side: what differs overall, and each step aligned by role and iteration. */
  record JobComparison(
      JobView left, JobView right, List<Difference> differences, List<StepComparison> steps) {}

  /** A step on each side (null where one job never ran it), with its attempts aligned by number. */
  record StepComparison(
      String stepId,
      StepView.Role role,
      int iteration,
      @Nullable StepView left,
      @Nullable StepView right,
      List<Difference> differences,
      List<AttemptComparison> attempts) {

    public boolean differs() {
      return !differences.isEmpty() || attempts.stream().anyMatch(AttemptComparison::differs);
    }
  }

  /** The same attempt of a step on each side; durations are shown, not counted as differences. */
  record AttemptComparison(
      int attempt,
      @Nullable AttemptView left,
      @Nullable AttemptView right,
      List<Difference> differences) {

    public boolean differs() {
      return !differences.isEmpty();
    }
  }
}
