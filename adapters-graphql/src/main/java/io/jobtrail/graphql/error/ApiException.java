package io.jobtrail.graphql.error;

/** An error the API reports as is, with its code. */
public final class ApiException extends RuntimeException {

  private final ErrorCode code;

  public ApiException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static ApiException notFound(String message) {
    return new ApiException(ErrorCode.NOT_FOUND, message);
  }

  public static ApiException badInput(String message) {
    return new ApiException(ErrorCode.BAD_USER_INPUT, message);
  }
}
