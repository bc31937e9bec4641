package io.jobtrail.graphql.consumer;

import graphql.GraphQLContext;
import io.jobtrail.application.consumer.ConsumerStatus;
import io.jobtrail.application.port.in.QueryConsumers;
import io.jobtrail.application.security.Role;
import io.jobtrail.graphql.security.CurrentCaller;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.stereotype.Controller;

/** The durable consumers of the log: the {@code consumers} query and the health's field. */
@Controller
public class ConsumerController {

  private final QueryConsumers consumers;

  public ConsumerController(QueryConsumers consumers) {
    this.consumers = consumers;
  }

  public record ConsumerView(
      String name,
      String position,
      long lagEvents,
      double lagSeconds,
      double delivered,
      double failed,
      int retrying,
      @Nullable String lastError,
      @Nullable Instant lastErrorAt,
      @Nullable Instant lastEventAt,
      @Nullable String owner,
      @Nullable Instant leaseExpiresAt,
      boolean active,
      Instant updatedAt) {

    static ConsumerView of(ConsumerStatus s, Instant now) {
      return new ConsumerView(
          s.name(),
          s.position().toString(),
          s.lagEvents(),
          s.lagSeconds(),
          s.delivered(),
          s.failed(),
          s.retrying(),
          s.lastError(),
          s.lastErrorAt(),
          s.lastEventAt(),
          s.owner(),
          s.leaseExpiresAt(),
          s.activeAt(now),
          s.updatedAt());
    }
  }

  @QueryMapping(name = "consumers")
  public List<ConsumerView> consumers(GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read the consumers");
    return views();
  }

  /** Checked with the status itself (VIEWER). */
  @SchemaMapping(typeName = "OrchestratorStatus", field = "consumers")
  public List<ConsumerView> statusConsumers() {
    return views();
  }

  private List<ConsumerView> views() {
    Instant now = Instant.now();
    return consumers.consumers().stream().map(s -> ConsumerView.of(s, now)).toList();
  }
}
