package io.jobtrail.domain.job;

import java.util.Map;
import java.util.Objects;

/**
 * Where a replayed job came from: the original job, the version forked from, the overrides, and
 * whether it reuses the original's recorded outputs where a step's input is unchanged.
 */
public record ReplayOrigin(
    JobId jobId, long version, Map<String, Object> overrides, ReuseMode reuse) {

  public ReplayOrigin {
    Objects.requireNonNull(jobId, "origin job id");
    Objects.requireNonNull(reuse, "reuse mode");
    if (version < 1) {
      throw new IllegalArgumentException("a replay starts from version 1 or later");
    }
    overrides = JsonValues.object(overrides);
  }

  /** A replay that runs every later step live (as every replay before reuse existed). */
  public ReplayOrigin(JobId jobId, long version, Map<String, Object> overrides) {
    this(jobId, version, overrides, ReuseMode.NONE);
  }
}
