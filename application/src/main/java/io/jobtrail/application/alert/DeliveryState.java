package io.jobtrail.application.alert;

/** Where a delivery is: waiting, retrying after failed attempts, or done one way or another. */
public enum DeliveryState {
  /** Not attempted yet (or redelivered). */
  PENDING,
  /** Attempted and failed; the next attempt is due at its {@code nextAttemptAt}. */
  RETRYING,
  DELIVERED,
  /** Dead letter: every allowed attempt failed; a redeliver sends it again. */
  DEAD,
  /** Its rule was deleted before it was delivered. */
  CANCELLED;

  public boolean open() {
    return this == PENDING || this == RETRYING;
  }
}
