package io.jobtrail.application.event;

import io.jobtrail.domain.job.JobId;

/** Another writer appended to the job since it was read: reload, decide again, retry. */
public final class ConcurrencyConflict extends RuntimeException {

  private final JobId jobId;
  private final long expectedVersion;

  public ConcurrencyConflict(JobId jobId, long expectedVersion) {
    super(
        "job " + jobId + " changed since version " + expectedVersion + " was read; retry",
        null,
        false,
        false);
    this.jobId = jobId;
    this.expectedVersion = expectedVersion;
  }

  public JobId jobId() {
    return jobId;
  }

  public long expectedVersion() {
    return expectedVersion;
  }
}
