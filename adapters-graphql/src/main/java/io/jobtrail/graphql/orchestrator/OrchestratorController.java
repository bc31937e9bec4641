package io.jobtrail.graphql.orchestrator;

import graphql.GraphQLContext;
import io.jobtrail.application.event.AppendStats;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.live.LiveEventReader;
import io.jobtrail.application.port.in.QueryOrchestrator;
import io.jobtrail.application.readmodel.OrchestratorInstance;
import io.jobtrail.application.readmodel.OrchestratorStatus;
import io.jobtrail.application.security.Role;
import io.jobtrail.graphql.security.CurrentCaller;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code orchestratorStatus} and the {@code orchestratorHealth} subscription. */
@Controller
public class OrchestratorController {

  private static final Duration HEALTH_TICK = Duration.ofSeconds(1);
  private static final Duration HEALTH_HEARTBEAT = Duration.ofSeconds(5);

  private final QueryOrchestrator orchestrator;
  private final AppendStats appends;
  private final EventHub hub;
  private final LiveEventReader reader;

  public OrchestratorController(
      QueryOrchestrator orchestrator, AppendStats appends, EventHub hub, LiveEventReader reader) {
    this.orchestrator = orchestrator;
    this.appends = appends;
    this.hub = hub;
    this.reader = reader;
  }

  public record StatusView(
      String instanceId,
      List<OrchestratorInstance> instances,
      int runningJobs,
      int queuedJobs,
      double eventsPerSecond,
      double appendLatencyP95Ms,
      int subscribers,
      double projectionLagMs,
      Instant timestamp) {

    /** The same health, ignoring the time it was taken at. */
    boolean sameAs(StatusView other) {
      return instances.equals(other.instances)
          && runningJobs == other.runningJobs
          && queuedJobs == other.queuedJobs
          && Math.round(eventsPerSecond) == Math.round(other.eventsPerSecond)
          && subscribers == other.subscribers;
    }
  }

  @QueryMapping
  public StatusView orchestratorStatus(GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "read the orchestrator status");
    return status();
  }

  /** Checked every second; sent when it changed, and at least every five seconds. */
  @SubscriptionMapping
  public Flux<StatusView> orchestratorHealth(GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "watch the orchestrator");
    long ticksPerHeartbeat = HEALTH_HEARTBEAT.toMillis() / HEALTH_TICK.toMillis();
    var last = new StatusView[1];
    return Flux.interval(Duration.ZERO, HEALTH_TICK)
        .onBackpressureDrop()
        .concatMap(
            tick ->
                Mono.fromCallable(() -> new Object[] {tick, status()})
                    // A database read: never on Reactor's few parallel threads.
                    .subscribeOn(Schedulers.boundedElastic())
                    // While the database is away the stream stays open (a tick is skipped).
                    .onErrorResume(StoreUnavailable.class, away -> Mono.empty()),
            1)
        .filter(
            pair -> {
              long tick = (Long) pair[0];
              StatusView now = (StatusView) pair[1];
              boolean send =
                  last[0] == null || !now.sameAs(last[0]) || tick % ticksPerHeartbeat == 0;
              if (send) {
                last[0] = now;
              }
              return send;
            })
        .map(pair -> (StatusView) pair[1]);
  }

  private StatusView status() {
    OrchestratorStatus s = orchestrator.status();
    long now = System.currentTimeMillis();
    return new StatusView(
        s.instanceId(),
        s.instances(),
        s.activeJobs(),
        s.queuedJobs(),
        appends.eventsPerSecond(now),
        appends.appendLatencyP95Millis(),
        hub.subscriberCount(),
        reader.lastDeliveryLagMillis(),
        s.timestamp());
  }
}
