package io.jobtrail.application.orchestrator;

import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.LoadedJob;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.StepState;
import java.time.Duration;
import java.time.Instant;

/**
 * One tick of a job: read it, then recover an orphaned attempt, wait for a retry, run the next
 * step, or end the run when the job is no longer RUNNING.
 */
final class JobDriver {

  private final JobRepository repository;
  private final OrchestratorCommands commands;
  private final AttemptRecovery recovery;
  private final StepRunner steps;

  JobDriver(
      JobRepository repository,
      OrchestratorCommands commands,
      AttemptRecovery recovery,
      StepRunner steps) {
    this.repository = repository;
    this.commands = commands;
    this.recovery = recovery;
    this.steps = steps;
  }

  Next advance(JobRun run) {
    LoadedJob loaded = repository.load(run.jobId()).orElse(null);
    if (loaded == null) {
      return new Next.Done(true, "the job does not exist");
    }
    JobState state = loaded.state();
    if (state.status() != JobStatus.RUNNING) {
      return new Next.Done(true, "the job is " + state.status());
    }
    StopReason stopping = run.stopping();
    if (stopping != null) {
      return new Next.Done(stopping != StopReason.LEASE_LOST, stopping.description());
    }
    Instant now = commands.now();
    if (now.isAfter(run.leaseExpiresAt())) {
      return new Next.Done(false, "the lease expired before it could be renewed");
    }
    StepState inFlight = state.inFlightStep();
    if (inFlight != null) {
      recovery.recover(run, loaded, inFlight);
      return Next.now();
    }
    Instant due = state.nextAttemptDueAt();
    if (due == null) {
      return new Next.Done(true, "the job has nothing to run");
    }
    if (due.isAfter(now)) {
      return new Next.After(Duration.between(now, due));
    }
    return steps.run(run, loaded);
  }
}
