package io.jobtrail.graphql.error;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rejections that happen before GraphQL runs (transport, size, exposure), in the GraphQL-over-HTTP
 * response shape: {@code {"errors":[{"message", "extensions":{"code"}}]}}.
 */
public final class HttpErrorBodies {

  public static final String GRAPHQL_RESPONSE = "application/graphql-response+json";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private HttpErrorBodies() {}

  public static byte[] graphQl(ErrorCode code, String message) {
    return graphQl(code, message, Map.of());
  }

  public static byte[] graphQl(ErrorCode code, String message, Map<String, Object> more) {
    var extensions = new LinkedHashMap<String, Object>();
    extensions.put("code", code.name());
    extensions.putAll(more);
    return JSON.writeValueAsBytes(
        Map.of("errors", List.of(Map.of("message", message, "extensions", extensions))));
  }

  public static void write(HttpServletResponse response, int status, ErrorCode code, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType(GRAPHQL_RESPONSE);
    response.getOutputStream().write(graphQl(code, message));
  }
}
