package io.jobtrail.graphql.security;

import io.jobtrail.application.security.AccessDenied;
import io.jobtrail.application.security.TokenAuthenticator;
import io.jobtrail.graphql.error.ErrorCode;
import io.jobtrail.graphql.error.HttpErrorBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** {@code /graphql/schema} needs a valid token, like introspection, unless configured open. */
@Component
public class SchemaAccessFilter extends OncePerRequestFilter {

  private final TokenAuthenticator authenticator;
  private final GraphQlExposure exposure;

  public SchemaAccessFilter(TokenAuthenticator authenticator, GraphQlExposure exposure) {
    this.authenticator = authenticator;
    this.exposure = exposure;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return exposure.schemaWithoutToken() || !request.getRequestURI().startsWith("/graphql/schema");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      authenticator.authenticate(request.getHeader("Authorization"));
    } catch (AccessDenied e) {
      HttpErrorBodies.write(response, 401, ErrorCode.UNAUTHENTICATED, e.getMessage());
      return;
    }
    chain.doFilter(request, response);
  }
}
