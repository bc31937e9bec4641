package io.jobtrail.graphql.error;

/** The stable {@code extensions.code} values of Jobtrail's GraphQL errors. */
public enum ErrorCode {
  UNAUTHENTICATED,
  FORBIDDEN,
  BAD_USER_INPUT,
  NOT_FOUND,
  CONFLICT,
  INVALID_TRANSITION,
  RESYNC,
  LIMIT_EXCEEDED,
  PAYLOAD_TOO_LARGE,
  INTERNAL
}
