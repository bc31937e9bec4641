package io.jobtrail.bootstrap.web;

import io.jobtrail.graphql.error.ErrorCode;

/** The code and message for an HTTP status the server answered before the API could. */
final class TransportErrors {

  private TransportErrors() {}

  static ErrorCode code(int status) {
    return switch (status) {
      case 401 -> ErrorCode.UNAUTHENTICATED;
      case 403 -> ErrorCode.FORBIDDEN;
      case 404 -> ErrorCode.NOT_FOUND;
      case 413, 414, 431 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 503 -> ErrorCode.UNAVAILABLE;
      default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_USER_INPUT;
    };
  }

  static String message(int status, String uri) {
    return switch (status) {
      case 400 ->
          uri.startsWith("/graphql")
              ? "not a GraphQL request: POST a JSON object {\"query\": \"…\", \"variables\": {…}}"
                  + " with Content-Type: application/json"
              : "the request could not be read";
      case 401 -> "a valid token is needed: send 'Authorization: Bearer <token>'";
      case 403 -> "the token's role is not enough for this";
      case 404 -> "there is nothing at " + uri;
      case 405 ->
          uri.startsWith("/graphql")
              ? "use POST for GraphQL (GET for queries only)"
              : "this method is not allowed here";
      case 406 -> "the server cannot answer in the media type asked for: accept application/json";
      case 413, 414, 431 -> "the request is too large";
      case 415 -> "send Content-Type: application/json";
      case 503 -> "the service is unavailable: retry in a few seconds";
      default -> "the request failed with HTTP status " + status;
    };
  }
}
