package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.port.in.ControlJob;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import org.jspecify.annotations.Nullable;

/**
 * The job commands, followed by a wake-up of this instance's orchestrator: a job started or resumed
 * here begins at once instead of at the next poll (so does one approved or rejected here), and a
 * cancel (or a pause in interrupt mode) reaches a running agent at once instead of at the next
 * control check.
 */
public final class WakingJobControl implements CreateJob, ControlJob {

  private final CreateJob create;
  private final ControlJob control;
  private final Orchestrator orchestrator;

  public WakingJobControl(CreateJob create, ControlJob control, Orchestrator orchestrator) {
    this.create = create;
    this.control = control;
    this.orchestrator = orchestrator;
  }

  @Override
  public JobState create(NewJob job, CommandOrigin origin) {
    JobState created = create.create(job, origin);
    if (created.status() == JobStatus.RUNNING) {
      orchestrator.wake(created.id());
    }
    return created;
  }

  @Override
  public JobState start(JobId jobId, CommandOrigin origin) {
    return woke(control.start(jobId, origin));
  }

  @Override
  public JobState pause(JobId jobId, @Nullable String reason, CommandOrigin origin) {
    return woke(control.pause(jobId, reason, origin));
  }

  @Override
  public JobState resume(JobId jobId, CommandOrigin origin) {
    return woke(control.resume(jobId, origin));
  }

  @Override
  public JobState cancel(JobId jobId, @Nullable String reason, CommandOrigin origin) {
    return woke(control.cancel(jobId, reason, origin));
  }

  @Override
  public JobState approve(JobId jobId, @Nullable String comment, CommandOrigin origin) {
    return woke(control.approve(jobId, comment, origin));
  }

  @Override
  public JobState reject(JobId jobId, String comment, CommandOrigin origin) {
    return woke(control.reject(jobId, comment, origin));
  }

  private JobState woke(JobState state) {
    orchestrator.wake(state.id());
    return state;
  }
}
