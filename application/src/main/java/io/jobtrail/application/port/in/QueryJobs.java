package io.jobtrail.application.port.in;

import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads: a job now or at a point in time, the job list, a job's events. */
public interface QueryJobs {

  Optional<JobState> job(JobId jobId);

  /** The job as of {@code version}: the fold of its first {@code version} events. */
  Optional<JobState> jobAtVersion(JobId jobId, long version);

  /** The job as of {@code at}: the fold of every event recorded at or before it. */
  Optional<JobState> jobAtTime(JobId jobId, Instant at);

  List<JobSummary> jobs(JobFilter filter, JobSummary.@Nullable Cursor after, int limit);

  List<JobSummary> replaysOf(JobId original);

  List<RecordedEvent> events(JobId jobId, long afterVersion, int limit);

  /** A job's events stored after a global position, in version order. */
  List<RecordedEvent> eventsAfterPosition(JobId jobId, long afterPosition, int limit);

  /** Events of all jobs after a cursor, in global order (see {@link GlobalCursor}). */
  List<RecordedEvent> allEvents(GlobalCursor after, int limit);
}
