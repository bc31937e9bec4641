package io.jobtrail.bootstrap.edges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.bootstrap.JobtrailApplication;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.persistence.event.JooqJobEventStore;
import io.jobtrail.persistence.testing.TestDatabase;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A graceful stop: running agent calls finish within the grace period (or are recorded interrupted
 * after it), every lease is released at once, the instance leaves the registry, WebSocket clients
 * get 1001 (going away) so they resume elsewhere, and it all ends promptly.
 */
class GracefulShutdownTest {

  private static final String TOKEN = "shutdown-admin-token-0123456789";
  private final TestDatabase database = TestDatabase.createFresh();

  @AfterEach
  void dropDatabase() {
    database.close();
  }

  private ConfigurableApplicationContext start(String instanceId, String grace) throws Exception {
    return new SpringApplicationBuilder(JobtrailApplication.class)
        .properties(
            "server.port=0",
            "spring.datasource.url=" + database.jdbcUrl(),
            "spring.datasource.username=" + (database.user() == null ? "" : database.user()),
            "spring.datasource.password="
                + (database.password() == null ? "" : database.password()),
            "jobtrail.data-dir=" + Files.createTempDirectory("jobtrail-shutdown"),
            "jobtrail.instance-id=" + instanceId,
            "jobtrail.security.tokens[0].token=" + TOKEN,
            "jobtrail.security.tokens[0].role=ADMIN",
            "jobtrail.orchestrator.poll-interval=100ms",
            "jobtrail.orchestrator.lease-duration=30s",
            "jobtrail.orchestrator.shutdown-grace=" + grace)
        .run();
  }

  private static JobId startSlowJob(ConfigurableApplicationContext context, long latencyMs) {
    var job =
        new NewJob(
            "shutdown",
            "t",
            Map.of("simulated", Map.of("latencyMs", latencyMs)),
            AgentAssignment.ALL_SIMULATED,
            JobLimits.DEFAULT,
            true);
    return context.getBean(CreateJob.class).create(job, CommandOrigin.user("test")).id();
  }

  private List<RecordedEvent> history(JobId id) {
    return new JooqJobEventStore(database.dsl(), () -> {}).readStream(id, 0, 1_000);
  }

  private long rows(String sql) {
    return ((Number) database.dsl().fetchValue(sql)).longValue();
  }

  private void awaitAttemptRunning(JobId id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> history(id).stream().anyMatch(e -> e.event() instanceof JobEvent.PlannerStarted));
  }

  @Test
  void givenAStepShorterThanTheGrace_whenStopping_thenItIsRecordedAndTheLeaseReleasedAtOnce()
      throws Exception {
    ConfigurableApplicationContext context = start("graceful-a", "8s");
    int port = Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    JobId id = startSlowJob(context, 1_500);
    awaitAttemptRunning(id);
    try (RawSocket subscriber = RawSocket.initialised(port, TOKEN)) {
      long started = System.nanoTime();
      context.close();
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(subscriber.closeCode(Duration.ofSeconds(5))).isEqualTo(1001);
      // A bound far above the expected (the step's 1.5 s), far below the 65 s it used to take.
      assertThat(took).isLessThan(Duration.ofSeconds(15));
    }
    List<RecordedEvent> events = history(id);
    assertThat(events)
        .extracting(RecordedEvent::event)
        .anySatisfy(e -> assertThat(e).isInstanceOf(JobEvent.PlannerCompleted.class));
    assertThat(events)
        .extracting(RecordedEvent::event)
        .noneSatisfy(e -> assertThat(e).isInstanceOf(JobEvent.CoderStarted.class));
    assertThat(rows("select count(*) from job_leases")).isZero();
    assertThat(rows("select count(*) from orchestrator_instances where instance_id = 'graceful-a'"))
        .isZero();
  }

  @Test
  void givenAStepLongerThanTheGrace_whenStopping_thenItIsRecordedInterruptedAndHandedOver()
      throws Exception {
    ConfigurableApplicationContext context = start("graceful-b", "500ms");
    JobId id = startSlowJob(context, 60_000);
    awaitAttemptRunning(id);

    long started = System.nanoTime();
    context.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(history(id))
        .extracting(RecordedEvent::event)
        .filteredOn(JobEvent.JobStepFailed.class::isInstance)
        .extracting(e -> ((JobEvent.JobStepFailed) e).kind())
        .containsExactly(FailureKind.INTERRUPTED);
    assertThat(rows("select count(*) from job_leases")).isZero();
  }
}
