package io.jobtrail.graphql.security;

import graphql.GraphQLContext;
import io.jobtrail.application.security.Role;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.stereotype.Controller;

/** The {@code caller} query: whose token this is and its role. */
@Controller
public class CallerController {

  public record CallerView(String user, Role role) {}

  @QueryMapping
  public CallerView caller(GraphQLContext context) {
    var caller = CurrentCaller.require(context, Role.VIEWER, "ask who is calling");
    return new CallerView(caller.userId(), caller.role());
  }
}
