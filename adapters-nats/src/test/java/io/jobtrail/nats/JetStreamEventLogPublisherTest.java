package io.jobtrail.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.EventLogPublisher;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.AgentResult;
import io.nats.client.Connection;
import io.nats.client.api.MessageInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real NATS server: the stream, the subjects, message ids, order and dedup. */
class JetStreamEventLogPublisherTest {

  private final String stream = TestNats.uniqueStream();
  private final String prefix = "jobtrail-test." + UUID.randomUUID().toString().substring(0, 8);
  private JetStreamEventLogPublisher publisher;

  @BeforeEach
  void connect() throws Exception {
    publisher = new JetStreamEventLogPublisher(settings(TestNats.URL));
  }

  private JetStreamEventLogPublisher.Settings settings(String url) {
    return new JetStreamEventLogPublisher.Settings(
        url,
        stream,
        prefix,
        null,
        null,
        null,
        null,
        Duration.ofSeconds(5),
        Duration.ofMinutes(2),
        "publisher-test");
  }

  @AfterEach
  void deleteStream() throws Exception {
    publisher.close();
    TestNats.deleteStream(stream);
  }

  private static List<RecordedEvent> twoJobs() {
    var store = new InMemoryJobEventStore();
    for (int i = 0; i < 2; i++) {
      JobStory story =
          JobStory.create(JobStory.newJobId(), "job-" + i, JobStory.T0)
              .start()
              .nextStep()
              .complete(new AgentResult.Plan("a plan"))
              .nextStep();
      StoryWriter.appendAll(store, story);
    }
    return store.readAll(GlobalCursor.START, 1_000);
  }

  @Test
  void givenNoStream_whenFirstPublishing_thenItIsCreatedForTheSubjectPrefix() throws Exception {
    publisher.publish(List.of());

    try (Connection nats = TestNats.connect()) {
      var config = nats.jetStreamManagement().getStreamInfo(stream).getConfiguration();
      assertThat(config.getSubjects()).containsExactly(prefix + ".>");
      assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
    }
    assertThat(publisher.destination()).isEqualTo("nats:" + stream);
  }

  @Test
  void givenEvents_whenPublished_thenOneMessagePerEventOnItsJobsSubjectInOrder() throws Exception {
    List<RecordedEvent> events = twoJobs();

    EventLogPublisher.Receipt receipt = publisher.publish(events);

    assertThat(receipt).isEqualTo(new EventLogPublisher.Receipt(events.size(), 0));
    List<MessageInfo> stored = storedMessages(events.size());
    assertThat(stored).hasSize(events.size());
    Map<String, List<Long>> versionsBySubject = new HashMap<>();
    for (int i = 0; i < stored.size(); i++) {
      MessageInfo message = stored.get(i);
      RecordedEvent event = events.get(i);
      assertThat(message.getSubject()).isEqualTo(prefix + "." + event.jobId());
      assertThat(message.getHeaders().getFirst("Nats-Msg-Id"))
          .isEqualTo(event.eventId().toString());
      assertThat(message.getHeaders().getFirst("Jobtrail-Event-Type")).isEqualTo(event.eventType());
      assertThat(new String(message.getData()))
          .contains("\"eventType\":\"" + event.eventType() + "\"");
      versionsBySubject
          .computeIfAbsent(message.getSubject(), s -> new ArrayList<>())
          .add(Long.parseLong(message.getHeaders().getFirst("Jobtrail-Sequence")));
    }
    assertThat(versionsBySubject).hasSize(2);
    versionsBySubject.values().forEach(v -> assertThat(v).isSorted().doesNotHaveDuplicates());
  }

  @Test
  void givenEventsPublishedBefore_whenPublishedAgain_thenTheStreamDropsTheDuplicates()
      throws Exception {
    List<RecordedEvent> events = twoJobs();
    publisher.publish(events.subList(0, 3));

    EventLogPublisher.Receipt receipt = publisher.publish(events);

    assertThat(receipt).isEqualTo(new EventLogPublisher.Receipt(events.size() - 3, 3));
    try (Connection nats = TestNats.connect()) {
      assertThat(nats.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
          .isEqualTo(events.size());
    }
  }

  @Test
  void givenNoServer_whenPublishing_thenItFailsSayingSoAndPublishesLaterOnceItAnswers() {
    var away = new JetStreamEventLogPublisher(settings("nats://127.0.0.1:1"));

    assertThatThrownBy(() -> away.publish(twoJobs()))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("NATS does not answer at nats://127.0.0.1:1");
  }

  private List<MessageInfo> storedMessages(int count) throws Exception {
    var messages = new ArrayList<MessageInfo>();
    try (Connection nats = TestNats.connect()) {
      var management = nats.jetStreamManagement();
      for (long seq = 1; seq <= count; seq++) {
        messages.add(management.getMessage(stream, seq));
      }
    }
    return messages;
  }
}
