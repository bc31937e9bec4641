package io.jobtrail.graphql.error;

import java.util.Map;

/** An error the API reports as is, with its code and any further {@code extensions}. */
public final class ApiException extends RuntimeException {

  private final ErrorCode code;
  private final Map<String, Object> extensions;

  public ApiException(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  public ApiException(ErrorCode code, String message, Map<String, Object> extensions) {
    super(message, null, false, false);
    this.code = code;
    this.extensions = Map.copyOf(extensions);
  }

  public ErrorCode code() {
    return code;
  }

  /** Extensions besides {@code code}, e.g. {@code field} or {@code retryAfterMs}. */
  public Map<String, Object> extensions() {
    return extensions;
  }

  public static ApiException notFound(String message) {
    return new ApiException(ErrorCode.NOT_FOUND, message);
  }

  public static ApiException badInput(String message) {
    return new ApiException(ErrorCode.BAD_USER_INPUT, message);
  }

  /** Bad input in one field of the request, named by its path (e.g. {@code input.limits}). */
  public static ApiException badInput(String field, String message) {
    return new ApiException(
        ErrorCode.BAD_USER_INPUT, field + ": " + message, Map.of("field", field));
  }
}
