package io.jobtrail.application.port.out;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The job summary read model: written with every append, rebuildable from the log. */
public interface JobSummaries {

  Optional<JobSummary> find(JobId jobId);

  /** The summaries of these jobs (those that exist), in no particular order. */
  List<JobSummary> findAll(Collection<JobId> jobIds);

  /**
   * Sorted by {@code sort} (descending, job id as tie-break), starting after {@code after} (the
   * cursor of the previous page's last row, taken for the same sort).
   */
  List<JobSummary> list(
      JobFilter filter, JobSort sort, JobSummary.@Nullable Cursor after, int limit);

  /** How many jobs match the filter. */
  long count(JobFilter filter);

  /** How many jobs match the filter in each shown status (statuses without jobs are absent). */
  Map<JobView.Status, Long> countByShownStatus(JobFilter filter);

  /** How many jobs are in each status (statuses without jobs are absent). */
  Map<JobStatus, Long> countByStatus();

  /** Jobs created as replays of {@code original}, oldest first. */
  List<JobSummary> replaysOf(JobId original);

  /**
   * Overwrites the job's summary and head with ones computed from a full fold of its log ({@code
   * state} at {@code head}), unless the stream has moved past {@code head} meanwhile; returns
   * whether it wrote.
   */
  boolean rebuild(JobState state, StreamHead head);
}
