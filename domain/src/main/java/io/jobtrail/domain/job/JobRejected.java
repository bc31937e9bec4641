package io.jobtrail.domain.job;

/** A command that does not fit the job's state; nothing was decided. */
public final class JobRejected extends RuntimeException {

  private final RejectionReason reason;

  public JobRejected(RejectionReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public RejectionReason reason() {
    return reason;
  }
}
