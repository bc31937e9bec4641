package io.jobtrail.benchmarks;

import io.jobtrail.application.event.EventMetadata;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.LoadedJob;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Pauses a running job or resumes a paused one: the domain decides ({@code JobPaused} or {@code
 * JobResumed}) on the state this writer holds, and the application's {@link JobRepository} appends
 * it with the expected head (hash chain, summary row, snapshots, the live reader's wake-up), as the
 * command handler does after its load. Skipping the load keeps the writer's own CPU small, so the
 * machine's cores go to delivering the events. Each job must have one writer.
 */
final class JobToggles {

  private static final EventMetadata METADATA =
      new EventMetadata("bench-operator", null, null, null, null, "bench-writer");

  private final JobRepository repository;
  private final LoadedJob[] jobs;

  JobToggles(JobRepository repository, List<JobId> ids) {
    this.repository = repository;
    this.jobs = new LoadedJob[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      jobs[i] = repository.load(ids.get(i)).orElseThrow();
    }
  }

  int size() {
    return jobs.length;
  }

  /** Appends one event to job {@code index}: the caller owns that index. */
  void toggle(int index) {
    LoadedJob job = jobs[index];
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    JobCommand command =
        job.state().status() == JobStatus.PAUSED
            ? new JobCommand.ResumeJob("bench-operator", now)
            : new JobCommand.PauseJob("bench", "bench-operator", now);
    List<JobEvent> decided = JobDecider.decide(command, job.state());
    var events = new ArrayList<NewEvent>(decided.size());
    for (JobEvent event : decided) {
      events.add(new NewEvent(Events.id(), event, METADATA));
    }
    jobs[index] = repository.append(job, events).job();
  }
}
