package io.jobtrail.graphql.limits;

import graphql.GraphqlErrorBuilder;
import io.jobtrail.graphql.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps the subscriptions active on one WebSocket connection; the slot is released when the
 * subscription completes, fails or is stopped by the client.
 */
@Component
@Order(10)
public class SubscriptionLimitInterceptor implements WebGraphQlInterceptor {

  private static final String ACTIVE = SubscriptionLimitInterceptor.class.getName() + ".active";

  private final int maxPerConnection;

  public SubscriptionLimitInterceptor(GraphQlLimits limits) {
    this.maxPerConnection = limits.maxSubscriptionsPerConnection();
  }

  private static final String code = ErrorCode.LIMIT_EXCEEDED.name();

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    if (!(request instanceof WebSocketGraphQlRequest socket)) {
      return chain.next(request);
    }
    return chain
        .next(request)
        .map(
            response -> {
              if (!(response.getExecutionResult().getData() instanceof Publisher<?> publisher)) {
                return response;
              }
              AtomicInteger active =
                  (AtomicInteger)
                      socket
                          .getSessionInfo()
                          .getAttributes()
                          .computeIfAbsent(ACTIVE, key -> new AtomicInteger());
              if (active.incrementAndGet() > maxPerConnection) {
                active.decrementAndGet();
                return response.transform(
                    builder ->
                        builder
                            .data(null)
                            .errors(
                                List.of(
                                    GraphqlErrorBuilder.newError()
                                        .errorType(
                                            graphql.ErrorClassification.errorClassification(code))
                                        .message(
                                            "at most "
                                                + maxPerConnection
                                                + " subscriptions may be active on one connection;"
                                                + " complete one first")
                                        .extensions(Map.of("code", ErrorCode.LIMIT_EXCEEDED.name()))
                                        .build())));
              }
              Flux<?> released = Flux.from(publisher).doFinally(signal -> active.decrementAndGet());
              return response.transform(builder -> builder.data(released));
            });
  }
}
