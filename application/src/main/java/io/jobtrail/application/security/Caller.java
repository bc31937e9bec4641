package io.jobtrail.application.security;

/** An authenticated caller: the user id recorded on the events it causes, and its role. */
public record Caller(String userId, Role role) {

  /**
   * @throws AccessDenied if the caller's role does not include {@code required}
   */
  public void require(Role required, String action) {
    if (!role.includes(required)) {
      throw AccessDenied.forbidden(
          userId + " (" + role + ") may not " + action + ": it needs the " + required + " role");
    }
  }
}
