package io.jobtrail.graphql.security;

import graphql.GraphQLContext;
import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.security.AccessDenied;
import io.jobtrail.application.security.Caller;
import io.jobtrail.application.security.Role;
import org.jspecify.annotations.Nullable;

/** The caller of the running GraphQL operation, checked against the role an operation needs. */
public final class CurrentCaller {

  private CurrentCaller() {}

  /**
   * @throws AccessDenied if there is no valid token, or its role is not enough
   */
  public static Caller require(GraphQLContext context, Role role, String action) {
    Caller caller = context.get(GraphQlAuthentication.CALLER);
    if (caller == null) {
      throw AccessDenied.unauthenticated(
          "no valid token: send 'Authorization: Bearer <token>' (on WebSocket, in the"
              + " connection_init payload)");
    }
    caller.require(role, action);
    return caller;
  }

  /** The authenticated caller, or null when the request carried no valid token. */
  public static @Nullable Caller find(GraphQLContext context) {
    return context.get(GraphQlAuthentication.CALLER);
  }

  public static CommandOrigin origin(Caller caller) {
    return CommandOrigin.user(caller.userId());
  }
}
