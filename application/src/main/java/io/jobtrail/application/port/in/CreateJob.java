package io.jobtrail.application.port.in;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.domain.job.JobState;

/** Creates a job (and starts it when asked). */
public interface CreateJob {

  /**
   * @throws io.jobtrail.domain.job.JobRejected if the input is invalid; nothing is stored then
   */
  JobState create(NewJob job, CommandOrigin origin);
}
