package io.jobtrail.graphql.security;

import graphql.execution.SubscriptionExecutionStrategy;
import graphql.introspection.Introspection;
import io.jobtrail.application.security.AccessDenied;
import io.jobtrail.application.security.Caller;
import io.jobtrail.application.security.TokenAuthenticator;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlInterceptor;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.graphql.server.WebSocketSessionInfo;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Authenticates every GraphQL request: the {@code Authorization} header over HTTP, the {@code
 * connection_init} payload over WebSocket (a missing or bad token there closes the socket with
 * graphql-ws's {@code 4401 Unauthorized}, which its clients do not retry). The caller goes into the
 * GraphQL context, where resolvers check its role. Without a caller, introspection is off unless
 * {@link GraphQlExposure#schemaWithoutToken()}.
 */
@Component
public class GraphQlAuthentication implements WebSocketGraphQlInterceptor {

  static final String CALLER = Caller.class.getName();

  private final TokenAuthenticator authenticator;
  private final GraphQlExposure exposure;

  public GraphQlAuthentication(TokenAuthenticator authenticator, GraphQlExposure exposure) {
    this.authenticator = authenticator;
    this.exposure = exposure;
  }

  @Override
  public Mono<Object> handleConnectionInitialization(
      WebSocketSessionInfo sessionInfo, Map<String, Object> payload) {
    // Deferred: a refusal must be an error signal, which Spring for GraphQL answers with 4401.
    return Mono.defer(
        () -> {
          Object authorization = payload.get("Authorization");
          if (authorization == null) {
            authorization = payload.get("authorization");
          }
          Caller caller =
              authenticator.authenticate(authorization == null ? null : authorization.toString());
          sessionInfo.getAttributes().put(CALLER, caller);
          return Mono.empty();
        });
  }

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    Caller caller;
    if (request instanceof WebSocketGraphQlRequest socket) {
      caller = (Caller) socket.getSessionInfo().getAttributes().get(CALLER);
    } else {
      caller = authenticateOrNull(request.getHeaders().getFirst("Authorization"));
    }
    var context = new HashMap<String, Object>();
    // Deliver a subscription's events in the order they were produced, even when a field of an
    // event resolves asynchronously.
    context.put(SubscriptionExecutionStrategy.KEEP_SUBSCRIPTION_EVENTS_ORDERED, true);
    if (caller != null) {
      context.put(CALLER, caller);
    } else if (!exposure.schemaWithoutToken()) {
      context.put(Introspection.INTROSPECTION_DISABLED, true);
    }
    request.configureExecutionInput((input, builder) -> builder.graphQLContext(context).build());
    return chain.next(request);
  }

  private @Nullable Caller authenticateOrNull(@Nullable String authorization) {
    try {
      return authenticator.authenticate(authorization);
    } catch (AccessDenied e) {
      return null;
    }
  }
}
