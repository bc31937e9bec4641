package io.jobtrail.graphql.transport;

import graphql.GraphqlErrorBuilder;
import io.jobtrail.graphql.error.ErrorCode;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.graphql.server.WebSocketGraphQlRequest;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A subscription sent as a plain HTTP request gets a coded error instead of a serialised stream
 * object: subscriptions are served over WebSocket ({@code graphql-transport-ws}) at {@code
 * /graphql}. The stream was never subscribed to, so nothing ran.
 */
@Component
@Order(5)
public class HttpSubscriptionGuard implements WebGraphQlInterceptor {

  private static final String code = ErrorCode.BAD_USER_INPUT.name();

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    if (request instanceof WebSocketGraphQlRequest || acceptsEventStream(request)) {
      return chain.next(request);
    }
    return chain
        .next(request)
        .map(
            response -> {
              if (!(response.getExecutionResult().getData() instanceof Publisher<?>)) {
                return response;
              }
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
                                          "subscriptions are served over WebSocket"
                                              + " (graphql-transport-ws) at /graphql, not over"
                                              + " plain HTTP")
                                      .extensions(Map.of("code", ErrorCode.BAD_USER_INPUT.name()))
                                      .build())));
            });
  }

  private static boolean acceptsEventStream(WebGraphQlRequest request) {
    return request.getHeaders().getAccept().stream()
        .anyMatch(
            type -> type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM) && !type.isWildcardType());
  }
}
