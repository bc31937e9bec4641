package io.jobtrail.application.port.in;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import org.jspecify.annotations.Nullable;

/**
 * Start, pause, resume and cancel, and the decisions on what a job waits for: approve and reject.
 * Each returns the job after the command or throws {@link io.jobtrail.domain.job.JobRejected} with
 * the reason it does not fit.
 */
public interface ControlJob {

  JobState start(JobId jobId, CommandOrigin origin);

  JobState pause(JobId jobId, @Nullable String reason, CommandOrigin origin);

  JobState resume(JobId jobId, CommandOrigin origin);

  JobState cancel(JobId jobId, @Nullable String reason, CommandOrigin origin);

  /** Approves what the job awaits (its plan, or its result); the comment is optional. */
  JobState approve(JobId jobId, @Nullable String comment, CommandOrigin origin);

  /** Rejects what the job awaits; the comment is required: it goes back as feedback. */
  JobState reject(JobId jobId, String comment, CommandOrigin origin);
}
