package io.jobtrail.domain.job;

import java.util.Objects;
import java.util.UUID;

/** A job's identity, a UUID (version 7 when Jobtrail generates it). */
public record JobId(UUID value) {

  public JobId {
    Objects.requireNonNull(value, "job id");
  }

  /**
   * Parses the canonical textual form.
   *
   * @throws IllegalArgumentException with a message a person can act on
   */
  public static JobId parse(String text) {
    if (text == null || text.length() != 36) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a job id: expected a UUID like 0190f0e4-7c1a-7b2e-9d3c-1a2b3c4d5e6f");
    }
    try {
      return new JobId(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a job id: expected a UUID like 0190f0e4-7c1a-7b2e-9d3c-1a2b3c4d5e6f");
    }
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
