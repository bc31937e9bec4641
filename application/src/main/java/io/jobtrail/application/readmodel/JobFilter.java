package io.jobtrail.application.readmodel;

import io.jobtrail.domain.job.JobStatus;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Which jobs to list; empty fields do not filter. */
public record JobFilter(
    Set<JobStatus> statuses,
    @Nullable String nameContains,
    @Nullable Instant createdAfter,
    @Nullable Instant createdBefore) {

  public static final JobFilter ALL = new JobFilter(Set.of(), null, null, null);

  public JobFilter {
    statuses = Set.copyOf(statuses);
  }
}
