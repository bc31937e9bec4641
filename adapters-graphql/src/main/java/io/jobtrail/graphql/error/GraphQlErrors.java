package io.jobtrail.graphql.error;

import graphql.ErrorClassification;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import io.jobtrail.application.alert.InvalidAlertInput;
import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.event.HistoryDamaged;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.security.AccessDenied;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.RejectionReason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.execution.DataFetcherExceptionResolver;
import org.springframework.graphql.execution.SubscriptionExceptionResolver;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import reactor.core.publisher.Mono;

/**
 * Turns every exception into a GraphQL error with a stable {@code extensions.code} and a message a
 * person can act on. What is not a known, typed failure is a bug: {@code INTERNAL}, with an error
 * id that is also in the log beside the stack trace, and no internals in the message.
 */
@Component
public class GraphQlErrors implements DataFetcherExceptionResolver, SubscriptionExceptionResolver {

  /** How long a client should wait before retrying while the database is away. */
  static final long UNAVAILABLE_RETRY_AFTER_MS = 2_000;

  @Override
  public Mono<List<GraphQLError>> resolveException(Throwable ex, DataFetchingEnvironment env) {
    return Mono.just(
        List.of(
            toError(
                ex,
                GraphqlErrorBuilder.newError(env),
                env,
                env.getExecutionStepInfo().getPath().toString())));
  }

  /**
   * The error for a failure a resolver reports beside partial data (e.g. one damaged job in a
   * list), classified like any other.
   */
  public static GraphQLError error(Throwable ex, DataFetchingEnvironment env) {
    return toError(
        ex,
        GraphqlErrorBuilder.newError(env),
        env,
        env.getExecutionStepInfo().getPath().toString());
  }

  @Override
  public Mono<List<GraphQLError>> resolveException(Throwable ex) {
    return Mono.just(List.of(toError(ex, GraphqlErrorBuilder.newError(), null, "a subscription")));
  }

  private static GraphQLError toError(
      Throwable ex,
      GraphqlErrorBuilder<?> builder,
      @Nullable DataFetchingEnvironment env,
      String where) {
    Classified c = classify(ex, env, where);
    var extensions = new LinkedHashMap<String, Object>();
    extensions.put("code", c.code().name());
    extensions.putAll(c.extensions());
    return builder
        .message(c.message())
        .errorType(ErrorClassification.errorClassification(c.code().name()))
        .extensions(Map.copyOf(extensions))
        .build();
  }

  /** What the caller is told: a code, a message, and extensions that help it act. */
  private record Classified(ErrorCode code, String message, Map<String, Object> extensions) {
    Classified(ErrorCode code, String message) {
      this(code, message, Map.of());
    }
  }

  private static Classified classify(
      Throwable ex, @Nullable DataFetchingEnvironment env, String where) {
    return switch (ex) {
      case ApiException e -> new Classified(e.code(), e.getMessage(), e.extensions());
      case AccessDenied e ->
          new Classified(
              e.authenticated() ? ErrorCode.FORBIDDEN : ErrorCode.UNAUTHENTICATED, e.getMessage());
      case JobRejected e ->
          new Classified(code(e.reason()), e.getMessage(), Map.of("reason", e.reason().name()));
      case ConcurrencyConflict e ->
          new Classified(ErrorCode.CONFLICT, e.getMessage() + " (too many concurrent writers)");
      case StoreUnavailable e -> unavailable(e);
      case HistoryDamaged e ->
          new Classified(
              ErrorCode.DAMAGED_HISTORY,
              "the job's stored history is damaged: "
                  + e.getMessage()
                  + "; verifyJob reports every difference, and the NDJSON export still reads it",
              Map.of("version", e.version()));
      case InvalidAlertInput e ->
          new Classified(ErrorCode.BAD_USER_INPUT, e.getMessage(), Map.of("field", e.field()));
      case BindException e -> badArgument(e, env);
      default -> {
        if (reactor.core.Exceptions.isOverflow(ex)) {
          yield new Classified(
              ErrorCode.RESYNC,
              "the subscriber fell behind and the stream was ended: resubscribe with the cursor of"
                  + " the last event received");
        }
        String errorId = InternalErrors.record(where, ex);
        yield new Classified(
            ErrorCode.INTERNAL, InternalErrors.message(errorId), Map.of("errorId", errorId));
      }
    };
  }

  private static Classified unavailable(StoreUnavailable e) {
    return new Classified(
        ErrorCode.UNAVAILABLE,
        e.getMessage() + ": nothing was changed; retry in a few seconds",
        Map.of("retryable", true, "retryAfterMs", UNAVAILABLE_RETRY_AFTER_MS));
  }

  private static ErrorCode code(RejectionReason reason) {
    return switch (reason) {
      case INVALID_INPUT -> ErrorCode.BAD_USER_INPUT;
      case JOB_NOT_FOUND -> ErrorCode.NOT_FOUND;
      case JOB_ALREADY_EXISTS -> ErrorCode.CONFLICT;
      case ALREADY_STARTED,
          NOT_STARTED,
          ALREADY_PAUSED,
          NOT_PAUSED,
          JOB_FINISHED,
          STEP_IN_FLIGHT,
          NO_STEP_IN_FLIGHT,
          UNKNOWN_STEP,
          STALE_ATTEMPT,
          WRONG_RESULT_FOR_ROLE,
          RETRY_NOT_DUE,
          NOTHING_TO_RUN,
          APPROVAL_REQUIRED,
          NO_APPROVAL_DUE,
          NOT_AWAITING_APPROVAL,
          APPROVAL_NOT_DUE ->
          ErrorCode.INVALID_TRANSITION;
    };
  }

  /**
   * An argument that could not be bound to its Java shape (a string where an object belongs):
   * {@code BAD_USER_INPUT} naming the argument's path, e.g. {@code input.parameters}.
   */
  private static Classified badArgument(BindException e, @Nullable DataFetchingEnvironment env) {
    FieldError error = e.getFieldError();
    String path = error == null ? "$" : error.getField();
    String argument = argumentName(env, error);
    String field = path.equals("$") ? argument : path.replaceFirst("^\\$", argument);
    Object rejected = error == null ? null : error.getRejectedValue();
    String got = rejected == null ? "" : " (got " + JsonKinds.describe(rejected) + ")";
    return new Classified(
        ErrorCode.BAD_USER_INPUT,
        field + ": not the expected type" + got + "; see the schema for its shape",
        Map.of("field", field));
  }

  private static String argumentName(
      @Nullable DataFetchingEnvironment env, @Nullable FieldError error) {
    if (env == null) {
      return "$";
    }
    Map<String, Object> arguments = env.getArguments();
    if (arguments.size() == 1) {
      return arguments.keySet().iterator().next();
    }
    Object rejected = error == null ? null : error.getRejectedValue();
    return arguments.entrySet().stream()
        .filter(a -> rejected != null && rejected.equals(a.getValue()))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("$");
  }
}
