package io.jobtrail.bootstrap.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jobtrail.application.consumer.ConsumerRunner;
import io.jobtrail.application.consumer.ConsumerStatus;
import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.in.CreateJob;
import io.jobtrail.application.port.in.NewJob;
import io.jobtrail.application.port.in.QueryConsumers;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.persistence.testing.TestDatabase;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The relay to a real NATS JetStream across a crash: the instance publishing the log is halted
 * mid-stream (no checkpoint written, no lease released), the other takes the relay over from the
 * checkpoint, and the stream ends up with every event exactly once, in order per job.
 */
class PublishingFailoverTest {

  private static final String NATS_URL =
      System.getenv().getOrDefault("JOBTRAIL_TEST_NATS_URL", "nats://127.0.0.1:4222");

  private final TestDatabase database = TestDatabase.createFresh();
  private final String stream =
      "JOBTRAIL_TEST_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String prefix = "jobtrail-test." + UUID.randomUUID().toString().substring(0, 8);
  private final String relay = "publishing:nats:" + stream;
  private ConfigurableApplicationContext a;
  private ConfigurableApplicationContext b;

  @AfterEach
  void stop() throws Exception {
    for (var context : new ConfigurableApplicationContext[] {a, b}) {
      if (context != null && context.isActive()) {
        context.close();
      }
    }
    database.close();
    try (Connection nats = Nats.connect(NATS_URL)) {
      nats.jetStreamManagement().deleteStream(stream);
    } catch (JetStreamApiException e) {
      // Never created.
    }
  }

  private ConfigurableApplicationContext start(String id, String... more) {
    var properties =
        new ArrayList<>(
            List.of(
                "jobtrail.publishing.nats.url=" + NATS_URL,
                "jobtrail.publishing.nats.stream=" + stream,
                "jobtrail.publishing.nats.subject-prefix=" + prefix,
                "jobtrail.consumers.lease-duration=2s",
                "jobtrail.consumers.poll-interval=100ms",
                "jobtrail.consumers.batch-size=10"));
    properties.addAll(List.of(more));
    return Instances.start(database, id, properties.toArray(String[]::new));
  }

  @Test
  void givenThePublisherDiesMidStream_whenAnotherTakesOver_thenEveryEventIsInTheStreamOnceInOrder()
      throws Exception {
    a = start("instance-a", "jobtrail.orchestrator.enabled=false");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.getBean(ConsumerRunner.class).holds(relay));
    b = start("instance-b");
    var jobs = new ArrayList<JobId>();
    for (int i = 0; i < 8; i++) {
      jobs.add(
          b.getBean(CreateJob.class)
              .create(
                  new NewJob(
                      "relay-" + i,
                      "publish me",
                      Map.of("simulated", Map.of("latencyMs", 40)),
                      AgentAssignment.ALL_SIMULATED,
                      JobLimits.DEFAULT,
                      true),
                  CommandOrigin.user("relay-test"))
              .id());
    }
    try (Connection nats = Nats.connect(NATS_URL)) {
      var management = nats.jetStreamManagement();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .ignoreExceptions() // The relay creates the stream with its first batch.
          .until(() -> management.getStreamInfo(stream).getStreamState().getMsgCount() >= 30);
    }
    a.getBean(ConsumerRunner.class).halt();
    a.close();

    QueryJobs queries = b.getBean(QueryJobs.class);
    for (JobId id : jobs) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> queries.job(id).orElseThrow().status() == JobView.Status.COMPLETED);
    }
    List<RecordedEvent> log = queries.allEvents(GlobalCursor.START, 100_000);
    try (Connection nats = Nats.connect(NATS_URL)) {
      var management = nats.jetStreamManagement();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> management.getStreamInfo(stream).getStreamState().getMsgCount() >= log.size());
      Thread.sleep(500); // Anything more would show now.
      long count = management.getStreamInfo(stream).getStreamState().getMsgCount();
      assertThat(count).isEqualTo(log.size());

      var ids = new HashSet<String>();
      Map<String, List<Long>> versionsBySubject = new HashMap<>();
      for (long seq = 1; seq <= count; seq++) {
        MessageInfo message = management.getMessage(stream, seq);
        ids.add(message.getHeaders().getFirst("Nats-Msg-Id"));
        versionsBySubject
            .computeIfAbsent(message.getSubject(), s -> new ArrayList<>())
            .add(Long.parseLong(message.getHeaders().getFirst("Jobtrail-Sequence")));
      }
      assertThat(ids)
          .containsExactlyInAnyOrderElementsOf(
              log.stream().map(e -> e.eventId().toString()).toList());
      assertThat(versionsBySubject).hasSize(jobs.size());
      versionsBySubject.forEach(
          (subject, versions) ->
              assertThat(versions)
                  .as(subject)
                  .containsExactlyElementsOf(
                      LongStream.rangeClosed(1, versions.size()).boxed().toList()));
    }
    ConsumerStatus status =
        b.getBean(QueryConsumers.class).consumers().stream()
            .filter(c -> c.name().equals(relay))
            .findFirst()
            .orElseThrow();
    assertThat(status.owner()).isEqualTo("instance-b");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                b.getBean(QueryConsumers.class).consumers().stream()
                    .filter(c -> c.name().equals(relay))
                    .allMatch(c -> c.lagEvents() == 0 && c.delivered() >= log.size()));
  }
}
