package io.jobtrail.application.port.out;

import org.jspecify.annotations.Nullable;

/** The result of walking a job's hash chain: how far it held and where it first broke. */
public record ChainVerification(
    long eventsChecked, @Nullable Long firstBrokenVersion, @Nullable String problem) {

  public boolean intact() {
    return firstBrokenVersion == null;
  }
}
