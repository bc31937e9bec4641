package io.jobtrail.graphql.security;

import io.jobtrail.graphql.error.ErrorCode;
import io.jobtrail.graphql.error.HttpErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an API request (HTTP or the WebSocket handshake) that carries a token in its URL, where
 * proxies, browsers and access logs keep it: tokens go in the {@code Authorization} header or the
 * {@code connection_init} payload. The URL is never logged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TokenInUrlFilter extends OncePerRequestFilter {

  private static final Set<String> TOKEN_PARAMETERS =
      Set.of(
          "token", "access_token", "accesstoken", "authorization", "bearer", "api_key", "apikey");

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return request.getQueryString() == null
        || !(uri.startsWith("/graphql") || uri.startsWith("/api/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    for (String name : request.getParameterMap().keySet()) {
      if (TOKEN_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
        HttpErrorBodies.write(
            response,
            400,
            ErrorCode.BAD_USER_INPUT,
            "a token in the URL is refused (URLs end up in logs): send 'Authorization: Bearer"
                + " <token>' (on WebSocket, in the connection_init payload)");
        return;
      }
    }
    chain.doFilter(request, response);
  }
}
