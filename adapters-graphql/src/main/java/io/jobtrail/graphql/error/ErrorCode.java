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
  /** Too many commands or new subscriptions from one principal; {@code retryAfterMs} says when. */
  RATE_LIMITED,
  /** The database is away or too slow; retry ({@code retryable: true}). Nothing was changed. */
  UNAVAILABLE,
  /** The job's stored history is damaged (altered outside Jobtrail); {@code version} says where. */
  DAMAGED_HISTORY,
  INTERNAL
}
