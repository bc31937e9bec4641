package io.jobtrail.application.event;

/**
 * The database could not be reached, or did not answer within its bounds (connection, statement or
 * lock timeout). Nothing was changed by the failed call, or its transaction was rolled back: the
 * caller may retry once the database is back.
 */
public final class StoreUnavailable extends RuntimeException {

  public StoreUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
