package io.jobtrail.graphql.limits;

import io.jobtrail.graphql.error.ErrorCode;
import io.jobtrail.graphql.error.HttpErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
    return !"/graphql".equals(request.getRequestURI())
        || !"POST".equalsIgnoreCase(request.getMethod());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long length = request.getContentLengthLong();
    if (length < 0) {
      HttpErrorBodies.write(
          response, 411, ErrorCode.BAD_USER_INPUT, "send the request with a Content-Length header");
      return;
    }
    if (length > maxBytes) {
      HttpErrorBodies.write(
          response,
          413,
          ErrorCode.PAYLOAD_TOO_LARGE,
          "the request is " + length + " bytes; the limit is " + maxBytes);
      return;
    }
    chain.doFilter(request, response);
  }
}
