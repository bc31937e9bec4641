package io.jobtrail.graphql.error;

import java.lang.System.Logger.Level;
import java.util.UUID;

/**
 * An unexpected failure: logged once with its stack trace under a fresh error id; the caller gets
 * only the id, never internals.
 */
public final class InternalErrors {

  private static final System.Logger LOG = System.getLogger(InternalErrors.class.getName());

  private InternalErrors() {}

  /** Logs the failure and returns its error id. */
  public static String record(String where, Throwable failure) {
    String errorId = UUID.randomUUID().toString();
    LOG.log(Level.ERROR, "internal error " + errorId + " in " + where, failure);
    return errorId;
  }

  public static String message(String errorId) {
    return "internal error " + errorId + "; the server log has the details under this id";
  }
}
