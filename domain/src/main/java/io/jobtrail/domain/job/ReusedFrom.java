package io.jobtrail.domain.job;

import java.util.Objects;

/**
 * Where a reused output was recorded: the job it came from and the version of its completion event
 * there ({@code PlannerCompleted}, {@code CoderCompleted} or {@code CritiqueCompleted}).
 */
public record ReusedFrom(JobId jobId, long version) {

  public ReusedFrom {
    Objects.requireNonNull(jobId, "job the output was reused from");
    if (version < 1) {
      throw new IllegalArgumentException("an event's version is 1 or more");
    }
  }
}
