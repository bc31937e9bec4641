package io.jobtrail.application.readmodel;

import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.JobViewFold;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.StepId;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * One row of the job list: a projection of the job's state. {@code approvalDueAt} is when the
 * approval the job waits for times out (null unless it waits with a timeout).
 */
public record JobSummary(
    JobId jobId,
    String name,
    JobStatus status,
    double progress,
    @Nullable String currentStep,
    Instant createdAt,
    Instant updatedAt,
    String createdBy,
    long version,
    @Nullable JobId originJobId,
    @Nullable Long originVersion,
    @Nullable Instant approvalDueAt) {

  public JobSummary(
      JobId jobId,
      String name,
      JobStatus status,
      double progress,
      @Nullable String currentStep,
      Instant createdAt,
      Instant updatedAt,
      String createdBy,
      long version,
      @Nullable JobId originJobId,
      @Nullable Long originVersion) {
    this(
        jobId,
        name,
        status,
        progress,
        currentStep,
        createdAt,
        updatedAt,
        createdBy,
        version,
        originJobId,
        originVersion,
        null);
  }

  public static JobSummary of(JobState state) {
    StepId step = state.currentStep();
    var origin = state.replayOf();
    return new JobSummary(
        state.id(),
        state.name(),
        state.status(),
        state.progress(),
        step == null ? null : step.value(),
        state.createdAt(),
        state.updatedAt(),
        state.createdBy(),
        state.version(),
        origin == null ? null : origin.jobId(),
        origin == null ? null : origin.version(),
        state.approvalDeadline());
  }

  /** The status shown (a started job whose first step has not begun is {@code QUEUED}). */
  public JobView.Status shownStatus() {
    return JobViewFold.status(status, currentStep != null);
  }

  /**
   * From creation to the end, for an ended job (its last event ends it, so it was last updated
   * then); null while it runs.
   */
  public @Nullable Long durationMs() {
    return status.isTerminal() ? Duration.between(createdAt, updatedAt).toMillis() : null;
  }

  /** This row's position in the list sorted by {@code sort}. */
  public Cursor cursor(JobSort sort) {
    long key =
        switch (sort) {
          case CREATED -> micros(createdAt);
          case UPDATED -> micros(updatedAt);
          case DURATION ->
              status.isTerminal() ? ChronoUnit.MICROS.between(createdAt, updatedAt) : -1;
        };
    return new Cursor(sort, key, jobId);
  }

  private static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  /**
   * A position in a sorted job list: the sort key in microseconds (since the epoch for times; -1
   * for the duration of a job that has not ended) and the job id, both descending.
   */
  public record Cursor(JobSort sort, long key, JobId jobId) {}
}
