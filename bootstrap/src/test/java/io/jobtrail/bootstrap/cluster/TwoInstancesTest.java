package io.jobtrail.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.orchestrator.Orchestrator;
import io.jobtrail.application.port.in.AuditJobs;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.persistence.testing.TestDatabase;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.graphql.client.WebSocketGraphQlClientInterceptor;
import org.springframework.graphql.test.tester.WebSocketGraphQlTester;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.publisher.Mono;

/** Two instances on one PostgreSQL: fan-out across instances, and failover of a running job. */
class TwoInstancesTest {

  private final TestDatabase database = TestDatabase.createFresh();
  private ConfigurableApplicationContext a;
  private ConfigurableApplicationContext b;

  @AfterEach
  void stop() {
    for (var context : new ConfigurableApplicationContext[] {a, b}) {
      if (context != null && context.isActive()) {
        context.close();
      }
    }
    database.close();
  }

  private static JobId createJob(
      ConfigurableApplicationContext on, Map<String, Object> parameters) {
    return on.getBean(CreateJob.class)
        .create(
            new NewJob(
                "cluster",
                "survive",
                parameters,
                AgentAssignment.ALL_SIMULATED,
                JobLimits.DEFAULT,
                true),
            CommandOrigin.user("cluster-test"))
        .id();
  }

  @Test
  void givenAJobRunOnA_whenSubscribedOnB_thenBDeliversEveryEventInOrder() {
    a = Instances.start(database, "instance-a");
    b = Instances.start(database, "instance-b", "jobtrail.orchestrator.enabled=false");
    var subscriber =
        WebSocketGraphQlTester.builder(
                URI.create("ws://localhost:" + Instances.port(b) + "/graphql"),
                new StandardWebSocketClient())
            .interceptor(
                new WebSocketGraphQlClientInterceptor() {
                  @Override
                  public Mono<Object> connectionInitPayload() {
                    return Mono.just(Map.of("Authorization", "Bearer " + Instances.TOKEN));
                  }
                })
            .build();

    JobId id = createJob(a, Map.of("simulated", Map.of("latencyMs", 50)));
    List<Map> events =
        subscriber
            .document(
                "subscription($id: ID) { jobEvents(jobId: $id) { sequence eventType"
                    + " metadata { instanceId } } }")
            .variable("id", id.toString())
            .executeSubscription()
            .toFlux("jobEvents", Map.class)
            .takeUntil(e -> "JobCompleted".equals(e.get("eventType")))
            .collectList()
            .block(Duration.ofSeconds(60));

    assertThat(events).isNotNull();
    assertThat(events)
        .extracting(e -> ((Number) e.get("sequence")).longValue())
        .containsExactlyElementsOf(LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events)
        .filteredOn(e -> "PlannerStarted".equals(e.get("eventType")))
        .extracting(e -> (Object) ((Map<?, ?>) e.get("metadata")).get("instanceId"))
        .containsOnly((Object) "instance-a");
  }

  @Test
  void givenAnInstanceDiesMidStep_whenItsLeaseExpires_thenTheOtherFinishesTheJob() {
    a = Instances.start(database, "instance-a");
    b = Instances.start(database, "instance-b");
    JobId id = createJob(a, Map.of("simulated", Map.of("latencyMs", 1_500)));
    QueryJobs queries = a.getBean(QueryJobs.class);

    String owner =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> startedBy(queries.events(id, 0, 1_000)), o -> o != null);
    ConfigurableApplicationContext dying = owner.equals("instance-a") ? a : b;
    ConfigurableApplicationContext survivor = dying == a ? b : a;
    String survivorId = dying == a ? "instance-b" : "instance-a";
    dying.getBean(Orchestrator.class).halt();
    dying.close();

    QueryJobs survivorQueries = survivor.getBean(QueryJobs.class);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> survivorQueries.job(id).orElseThrow().status() == JobView.Status.COMPLETED);

    List<RecordedEvent> history = survivorQueries.events(id, 0, 1_000);
    assertThat(history)
        .extracting(RecordedEvent::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed().toList());
    assertThat(history)
        .extracting(RecordedEvent::event)
        .anySatisfy(
            e -> {
              assertThat(e).isInstanceOf(JobEvent.JobStepFailed.class);
              assertThat(((JobEvent.JobStepFailed) e).kind()).isEqualTo(FailureKind.INTERRUPTED);
            });
    assertThat(history.getLast().metadata().instanceId()).isEqualTo(survivorId);
    assertThat(survivor.getBean(AuditJobs.class).verify(id).ok()).isTrue();
  }

  private static String startedBy(List<RecordedEvent> events) {
    return events.stream()
        .filter(e -> e.event() instanceof JobEvent.PlannerStarted)
        .map(e -> e.metadata().instanceId())
        .findFirst()
        .orElse(null);
  }
}
