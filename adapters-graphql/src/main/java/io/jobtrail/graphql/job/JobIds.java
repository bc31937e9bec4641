package io.jobtrail.graphql.job;

import io.jobtrail.domain.job.JobId;
import io.jobtrail.graphql.error.ApiException;

/** Job ids from arguments, rejected with {@code BAD_USER_INPUT} when malformed. */
public final class JobIds {

  private JobIds() {}

  public static JobId parse(String id) {
    try {
      return JobId.parse(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.badInput(e.getMessage());
    }
  }
}
