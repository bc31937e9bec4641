package io.jobtrail.graphql.error;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.introspection.IntrospectionDisabledError;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.graphql.server.WebGraphQlInterceptor;
import org.springframework.graphql.server.WebGraphQlRequest;
import org.springframework.graphql.server.WebGraphQlResponse;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Gives the errors graphql-java raises itself (syntax, validation, limits, variable coercion) a
 * stable {@code extensions.code} like every other error.
 */
@Component
@Order(20)
public class ErrorCodeInterceptor implements WebGraphQlInterceptor {

  @Override
  public Mono<WebGraphQlResponse> intercept(WebGraphQlRequest request, Chain chain) {
    return chain
        .next(request)
        .map(
            response -> {
              List<GraphQLError> errors = response.getExecutionResult().getErrors();
              if (errors.isEmpty() || errors.stream().allMatch(ErrorCodeInterceptor::hasCode)) {
                return response;
              }
              List<GraphQLError> coded =
                  errors.stream().map(ErrorCodeInterceptor::withCode).toList();
              return response.transform(builder -> builder.errors(coded));
            });
  }

  private static boolean hasCode(GraphQLError error) {
    return error.getExtensions() != null && error.getExtensions().containsKey("code");
  }

  private static GraphQLError withCode(GraphQLError error) {
    if (hasCode(error)) {
      return error;
    }
    var extensions = new LinkedHashMap<String, Object>();
    if (error.getExtensions() != null) {
      extensions.putAll(error.getExtensions());
    }
    ErrorCode code = code(error);
    extensions.put("code", code.name());
    String message = error.getMessage();
    if (error instanceof IntrospectionDisabledError) {
      message =
          "introspection needs a token: send 'Authorization: Bearer <token>' (any role), or set"
              + " jobtrail.graphql.schema-without-token";
    }
    if (code == ErrorCode.INTERNAL) {
      String errorId =
          InternalErrors.record(
              "GraphQL execution",
              new IllegalStateException(error.getClass().getName() + ": " + message));
      extensions.put("errorId", errorId);
      message = InternalErrors.message(errorId);
    }
    return GraphqlErrorBuilder.newError()
        .message(message)
        .locations(error.getLocations())
        .path(error.getPath())
        .errorType(error.getErrorType())
        .extensions(extensions)
        .build();
  }

  private static ErrorCode code(GraphQLError error) {
    if (error instanceof IntrospectionDisabledError) {
      return ErrorCode.UNAUTHENTICATED;
    }
    ErrorClassification type = error.getErrorType();
    if (type == ErrorType.ExecutionAborted) {
      return ErrorCode.LIMIT_EXCEEDED;
    }
    if (type == ErrorType.InvalidSyntax
        || type == ErrorType.ValidationError
        || type == org.springframework.graphql.execution.ErrorType.BAD_REQUEST) {
      return ErrorCode.BAD_USER_INPUT;
    }
    if (type == org.springframework.graphql.execution.ErrorType.UNAUTHORIZED) {
      return ErrorCode.UNAUTHENTICATED;
    }
    if (type == org.springframework.graphql.execution.ErrorType.FORBIDDEN) {
      return ErrorCode.FORBIDDEN;
    }
    if (type == org.springframework.graphql.execution.ErrorType.NOT_FOUND) {
      return ErrorCode.NOT_FOUND;
    }
    return ErrorCode.INTERNAL;
  }
}
