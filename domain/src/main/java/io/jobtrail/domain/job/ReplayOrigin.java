package io.jobtrail.domain.job;

import java.util.Map;
import java.util.Objects;

/** Where a replayed job came from: the original job, the version forked from, the overrides. */
public record ReplayOrigin(JobId jobId, long version, Map<String, Object> overrides) {

  public ReplayOrigin {
    Objects.requireNonNull(jobId, "origin job id");
    if (version < 1) {
      throw new IllegalArgumentException("a replay starts from version 1 or later");
    }
    overrides = JsonValues.object(overrides);
  }
}
