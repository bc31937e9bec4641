package io.jobtrail.application.readmodel;

import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.StepId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One row of the job list: a projection of the job's state. */
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
    @Nullable Long originVersion) {

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
        origin == null ? null : origin.version());
  }

  public Cursor cursor() {
    return new Cursor(createdAt, jobId);
  }

  /** A position in the newest-first job list. */
  public record Cursor(Instant createdAt, JobId jobId) {}
}
