package io.jobtrail.application.port.in;

import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads: a job now or at a point in time, the job list, a job's events. */
public interface QueryJobs {

  Optional<JobView> job(JobId jobId);

  /**
   * The job as of its latest event, or as of a version at least {@code version} that this instance
   * has folded already: a command's answer, which needs no read for the events it just recorded.
   */
  default Optional<JobView> jobAtLeast(JobId jobId, long version) {
    return job(jobId);
  }

  /** The job as of {@code version}: the fold of its first {@code version} events. */
  Optional<JobView> jobAtVersion(JobId jobId, long version);

  /** The job as of {@code at}: the fold of every event recorded at or before it. */
  Optional<JobView> jobAtTime(JobId jobId, Instant at);

  /** A page of the job list from the read model (no job is folded for it). */
  List<JobSummary> jobs(
      JobFilter filter, JobSort sort, JobSummary.@Nullable Cursor after, int limit);

  /** How many jobs match the filter (ignoring its statuses) in each shown status. */
  Map<JobView.Status, Long> jobCounts(JobFilter filter);

  Optional<JobSummary> summary(JobId jobId);

  List<JobSummary> summaries(Collection<JobId> jobIds);

  List<JobSummary> replaysOf(JobId original);

  List<RecordedEvent> events(JobId jobId, long afterVersion, int limit);

  /** A job's events stored after a global position, in version order. */
  List<RecordedEvent> eventsAfterPosition(JobId jobId, long afterPosition, int limit);

  /** Events of all jobs after a cursor, in global order (see {@link GlobalCursor}). */
  List<RecordedEvent> allEvents(GlobalCursor after, int limit);
}
