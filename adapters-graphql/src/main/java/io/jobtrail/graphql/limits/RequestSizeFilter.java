package io.jobtrail.graphql.limits;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses GraphQL HTTP requests larger than the limit before reading them, with a GraphQL-shaped
 * error ({@code PAYLOAD_TOO_LARGE}). A request without a declared length is refused (411): every
 * GraphQL client sends one.
 */
@Component
public class RequestSizeFilter extends OncePerRequestFilter {

  private final int maxBytes;

  public RequestSizeFilter(GraphQlLimits limits) {
    this.maxBytes = limits.maxRequestBytes();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !request.getRequestURI().startsWith("/graphql")
        || !"POST".equalsIgnoreCase(request.getMethod());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long length = request.getContentLengthLong();
    if (length < 0) {
      reject(response, 411, "BAD_USER_INPUT", "send the request with a Content-Length header");
      return;
    }
    if (length > maxBytes) {
      reject(
          response,
          413,
          "PAYLOAD_TOO_LARGE",
          "the request is " + length + " bytes; the limit is " + maxBytes);
      return;
    }
    chain.doFilter(request, response);
  }

  private static void reject(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/graphql-response+json");
    response
        .getOutputStream()
        .write(
            ("{\"errors\":[{\"message\":\""
                    + message
                    + "\",\"extensions\":{\"code\":\""
                    + code
                    + "\"}}]}")
                .getBytes(StandardCharsets.UTF_8));
  }
}
