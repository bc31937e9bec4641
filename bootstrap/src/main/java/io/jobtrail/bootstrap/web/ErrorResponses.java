package io.jobtrail.bootstrap.web;

import io.jobtrail.graphql.error.ErrorCode;
import io.jobtrail.graphql.error.HttpErrorBodies;
import io.jobtrail.graphql.error.InternalErrors;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error the framework answers itself (a body that is not JSON, no query, a wrong content type
 * or method, an unknown path) in the API's own shapes instead of the server's: the
 * GraphQL-over-HTTP shape with a code, or {@code {code, message}} under {@code /api/}. A server
 * error carries only an error id; its stack trace is in the log under that id.
 */
@Controller
public class ErrorResponses implements ErrorController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RequestMapping("/error")
  public ResponseEntity<byte[]> error(HttpServletRequest request) {
    int status = status(request);
    String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
    Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    ErrorCode code = TransportErrors.code(status);
    String message = TransportErrors.message(status, uri);
    if (code == ErrorCode.INTERNAL) {
      String errorId =
          InternalErrors.record(
              uri, failure != null ? failure : new IllegalStateException("HTTP " + status));
      message = InternalErrors.message(errorId);
    }
    if (uri.startsWith("/api/")) {
      return ResponseEntity.status(status)
          .contentType(MediaType.APPLICATION_JSON)
          .body(JSON.writeValueAsBytes(Map.of("code", code.name(), "message", message)));
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.parseMediaType(HttpErrorBodies.GRAPHQL_RESPONSE))
        .body(HttpErrorBodies.graphQl(code, message));
  }

  private static int status(HttpServletRequest request) {
    @Nullable Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    return status instanceof Integer code ? code : 500;
  }
}
