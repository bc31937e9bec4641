package io.jobtrail.application.security;

/** No valid credentials ({@code UNAUTHENTICATED}) or not the right role ({@code FORBIDDEN}). */
public final class AccessDenied extends RuntimeException {

  private final boolean authenticated;

  private AccessDenied(boolean authenticated, String message) {
    super(message, null, false, false);
    this.authenticated = authenticated;
  }

  public static AccessDenied unauthenticated(String message) {
    return new AccessDenied(false, message);
  }

  public static AccessDenied forbidden(String message) {
    return new AccessDenied(true, message);
  }

  /** True when the caller is known but lacks the role. */
  public boolean authenticated() {
    return authenticated;
  }
}
