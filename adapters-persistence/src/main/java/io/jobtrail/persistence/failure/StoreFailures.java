package io.jobtrail.persistence.failure;

import io.jobtrail.application.event.StoreUnavailable;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tells a database that is away (down, restarting, unreachable, out of connections, or too slow for
 * the statement and lock timeouts) from every other database error, and turns the first into {@link
 * StoreUnavailable}. Everything else (a constraint, a bug) stays what it is.
 */
public final class StoreFailures {

  /**
   * SQLSTATEs that mean "try again later": class 08 (connection exception), 53 (insufficient
   * resources), 57P01..57P03 (admin/crash shutdown, cannot connect now), 57014 (statement timeout
   * or cancel), 55P03 (lock timeout).
   */
  private static final Set<String> UNAVAILABLE_STATES =
      Set.of("57P01", "57P02", "57P03", "57014", "55P03", "53300", "53400", "53200", "53100");

  private StoreFailures() {}

  /** True if this failure (or one of its causes) says the database is away or too slow. */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StoreUnavailable || t instanceof SQLTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql && unavailableState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** {@link StoreUnavailable} for a failure that says the database is away; else the failure. */
  public static RuntimeException translate(RuntimeException failure) {
    if (failure instanceof StoreUnavailable || !isUnavailable(failure)) {
      return failure;
    }
    return new StoreUnavailable(describe(failure), failure);
  }

  private static boolean unavailableState(@Nullable String state) {
    return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
  }

  private static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "57014".equals(sql.getSQLState())) {
        return "the database did not answer within the statement timeout";
      }
      if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
        return "the database did not grant a lock within the lock timeout";
      }
      if (t instanceof SQLTransientConnectionException) {
        return "no database connection within the connection timeout";
      }
    }
    return "the database cannot be reached";
  }
}
