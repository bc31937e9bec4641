package io.jobtrail.persistence.failure;

import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;

/**
 * Registered with jOOQ: a query that fails because the database is away throws {@link
 * io.jobtrail.application.event.StoreUnavailable} instead of a generic data access error.
 */
public final class StoreFailureListener implements ExecuteListener {

  @Override
  public void exception(ExecuteContext context) {
    RuntimeException failure = context.exception();
    if (failure == null) {
      return;
    }
    if (context.sqlException() != null && StoreFailures.isUnavailable(context.sqlException())) {
      context.exception(
          StoreFailures.translate(
              new org.jooq.exception.DataAccessException(
                  failure.getMessage(), context.sqlException())));
      return;
    }
    context.exception(StoreFailures.translate(failure));
  }
}
