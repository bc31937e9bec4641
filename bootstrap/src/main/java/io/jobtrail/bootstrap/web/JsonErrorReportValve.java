package io.jobtrail.bootstrap.web;

import io.jobtrail.graphql.error.ErrorCode;
import io.jobtrail.graphql.error.HttpErrorBodies;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * What Tomcat answers on its own, before any application code can (a header too large, a request
 * line it cannot parse): the GraphQL-over-HTTP error shape with a code, instead of an HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    boolean tooLarge =
        status == 413
            || status == 431
            || (throwable != null && String.valueOf(throwable.getMessage()).contains("too large"));
    ErrorCode code = tooLarge ? ErrorCode.PAYLOAD_TOO_LARGE : TransportErrors.code(status);
    String message =
        tooLarge ? "the request headers or URL are too large" : TransportErrors.message(status, "");
    try {
      response.setContentType(HttpErrorBodies.GRAPHQL_RESPONSE);
      response.getOutputStream().write(HttpErrorBodies.graphQl(code, message));
      response.finishResponse();
    } catch (IOException | IllegalStateException e) {
      // The connection is gone: nothing more to say.
    }
  }
}
