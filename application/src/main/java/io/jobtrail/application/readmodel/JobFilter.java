package io.jobtrail.application.readmodel;

import io.jobtrail.application.view.JobView;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which jobs to list; empty fields do not filter. Statuses are the ones shown ({@code QUEUED} is a
 * started job whose first step has not begun; {@code RUNNING} one whose step has).
 */
public record JobFilter(
    Set<JobView.Status> statuses,
    @Nullable String nameContains,
    @Nullable Instant createdAfter,
    @Nullable Instant createdBefore) {

  public static final JobFilter ALL = new JobFilter(Set.of(), null, null, null);

  public JobFilter {
    statuses = Set.copyOf(statuses);
  }

  /** The same filter for every status (what the per-status counts are taken over). */
  public JobFilter anyStatus() {
    return new JobFilter(Set.of(), nameContains, createdAfter, createdBefore);
  }
}
