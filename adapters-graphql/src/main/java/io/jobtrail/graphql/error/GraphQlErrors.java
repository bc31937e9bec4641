package io.jobtrail.graphql.error;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.security.AccessDenied;
import io.jobtrail.domain.job.JobRejected;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.SubscriptionExceptionResolver;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Turns every exception into a GraphQL error with a stable {@code extensions.code} and a message a
 * person can act on; unexpected ones become {@code INTERNAL} without internals in the message.
 */
@Component
public class GraphQlErrors implements DataFetcherExceptionResolver, SubscriptionExceptionResolver {

  private static final System.Logger LOG = System.getLogger(GraphQlErrors.class.getName());

  @Override
  public Mono<List<GraphQLError>> resolveException(Throwable ex, DataFetchingEnvironment env) {
    return Mono.just(List.of(toError(ex, GraphqlErrorBuilder.newError(env))));
  }

  @Override
  public Mono<List<GraphQLError>> resolveException(Throwable ex) {
    return Mono.just(List.of(toError(ex, GraphqlErrorBuilder.newError())));
  }

  private static GraphQLError toError(Throwable ex, GraphqlErrorBuilder<?> builder) {
    Classified c = classify(ex);
    var extensions = new java.util.LinkedHashMap<String, Object>();
    extensions.put("code", c.code().name());
    if (c.reason() != null) {
      extensions.put("reason", c.reason());
    }
    return builder.message(c.message()).extensions(Map.copyOf(extensions)).build();
  }

  private record Classified(ErrorCode code, String message, @Nullable String reason) {}

  private static Classified classify(Throwable ex) {
    return switch (ex) {
      case ApiException e -> new Classified(e.code(), e.getMessage(), null);
      case AccessDenied e ->
          new Classified(
              e.authenticated() ? ErrorCode.FORBIDDEN : ErrorCode.UNAUTHENTICATED,
              e.getMessage(),
              null);
      case JobRejected e ->
          new Classified(
              switch (e.reason()) {
                case INVALID_INPUT -> ErrorCode.BAD_USER_INPUT;
                case JOB_NOT_FOUND -> ErrorCode.NOT_FOUND;
                case JOB_ALREADY_EXISTS -> ErrorCode.CONFLICT;
                default -> ErrorCode.INVALID_TRANSITION;
              },
              e.getMessage(),
              e.reason().name());
      case ConcurrencyConflict e ->
          new Classified(
              ErrorCode.CONFLICT, e.getMessage() + " (too many concurrent writers)", null);
      case IllegalArgumentException e ->
          new Classified(ErrorCode.BAD_USER_INPUT, e.getMessage(), null);
      default -> {
        if (reactor.core.Exceptions.isOverflow(ex)) {
          yield new Classified(
              ErrorCode.RESYNC,
              "the subscriber fell behind and the stream was ended: resubscribe with the cursor of"
                  + " the last event received",
              null);
        }
        LOG.log(Level.ERROR, "unexpected error in a GraphQL operation", ex);
        yield new Classified(
            ErrorCode.INTERNAL, "internal error; the server log has details", null);
      }
    };
  }
}
