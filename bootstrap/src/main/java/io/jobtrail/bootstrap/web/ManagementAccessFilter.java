package io.jobtrail.bootstrap.web;

import io.jobtrail.application.security.AccessDenied;
import io.jobtrail.application.security.TokenAuthenticator;
import io.jobtrail.bootstrap.config.JobtrailProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * On the application's port, only health (its status, without details) is open; metrics and every
 * other actuator endpoint need a valid token, unless {@code
 * jobtrail.security.metrics-without-token}. With {@code management.server.port} set, the actuator
 * is served on that separate port instead, outside this filter (keep that port on an operators'
 * network).
 */
@Component
public class ManagementAccessFilter extends OncePerRequestFilter {

  private final TokenAuthenticator authenticator;
  private final boolean open;

  public ManagementAccessFilter(TokenAuthenticator authenticator, JobtrailProperties properties) {
    this.authenticator = authenticator;
    this.open = properties.security().metricsWithoutToken();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String uri = request.getRequestURI();
    return open
        || !uri.startsWith("/actuator")
        || uri.equals("/actuator/health")
        || uri.startsWith("/actuator/health/");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      authenticator.authenticate(request.getHeader("Authorization"));
    } catch (AccessDenied e) {
      response.setStatus(401);
      response.setContentType("application/json");
      response
          .getOutputStream()
          .write(
              ("{\"code\":\"UNAUTHENTICATED\",\"message\":\"metrics need a token: send"
                      + " 'Authorization: Bearer <token>'\"}")
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(request, response);
  }
}
