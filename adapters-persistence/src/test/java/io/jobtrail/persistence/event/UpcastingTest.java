package io.jobtrail.persistence.event;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static io.jobtrail.persistence.jooq.Tables.JOB_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.audit.AuditService;
import io.jobtrail.application.event.EventDocuments;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvent.JobCreated;
import io.jobtrail.domain.job.JobEvent.JobStepFailed;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.persistence.testing.TestDatabase;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events stored by an older release, in schema version 1, are read in the current shape, while the
 * stored rows (and so the hash chain) stay exactly as written.
 */
class UpcastingTest {

  private static TestDatabase db;
  private JobEventStore store;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.createFresh();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @BeforeEach
  void createStore() {
    store = new JooqJobEventStore(db.dsl(), () -> {});
  }

  /** A job that fails fatally on its first step; the agents and limits are v1's implied ones. */
  private static JobStory fatalStory() {
    JobStory story =
        JobStory.create(newJobId(), "from release 1", T0)
            .start()
            .nextStep()
            .fail(FailureKind.FATAL, "model not found", Duration.ZERO);
    var created = (JobCreated) story.events().getFirst();
    assertThat(created.agents()).isEqualTo(AgentAssignment.ALL_SIMULATED);
    assertThat(created.limits()).isEqualTo(JobLimits.DEFAULT);
    return story;
  }

  /** The document release 1 stored for {@code event}. */
  private static Map<String, Object> version1(JobEvent event) {
    var document = new LinkedHashMap<>(EventDocuments.write(event));
    switch (event) {
      case JobCreated created -> {
        document.remove("agents");
        document.remove("limits");
      }
      case JobStepFailed failed -> {
        document.remove("kind");
        document.put("retryable", failed.kind() != FailureKind.FATAL);
      }
      default -> throw new IllegalArgumentException("no version 1 shape for " + event);
    }
    return document;
  }

  /** Stores the story, {@code JobCreated} and {@code JobStepFailed} in their version-1 shape. */
  private static RawEvents storeAsRelease1(JobStory story) {
    var raw = new RawEvents(db.dsl(), story.jobId());
    for (JobEvent event : story.events()) {
      boolean old = event instanceof JobCreated || event instanceof JobStepFailed;
      raw.insert(
          event.eventType(),
          old ? 1 : EventDocuments.CURRENT_SCHEMA_VERSION,
          old ? version1(event) : EventDocuments.write(event),
          StoryWriter.METADATA,
          event.at());
    }
    return raw;
  }

  @Test
  void givenVersion1Events_whenRead_thenTheyComeBackInTheCurrentShape() {
    JobStory story = fatalStory();
    GlobalCursor start = store.latestCursor();
    storeAsRelease1(story);

    List<RecordedEvent> read = store.readStream(story.jobId(), 0, 100);

    assertThat(read).extracting(RecordedEvent::event).isEqualTo(story.events());
    RecordedEvent created = read.getFirst();
    assertThat(created.schemaVersion()).isEqualTo(1);
    assertThat(((JobCreated) created.event()).agents()).isEqualTo(AgentAssignment.ALL_SIMULATED);
    assertThat(((JobCreated) created.event()).limits()).isEqualTo(JobLimits.DEFAULT);
    RecordedEvent failed =
        read.stream().filter(e -> e.event() instanceof JobStepFailed).findFirst().orElseThrow();
    assertThat(failed.schemaVersion()).isEqualTo(1);
    assertThat(((JobStepFailed) failed.event()).kind()).isEqualTo(FailureKind.FATAL);
    assertThat(store.readAll(start, 100))
        .extracting(RecordedEvent::event)
        .isEqualTo(story.events());
  }

  @Test
  void givenVersion1Events_whenReadAndVerified_thenTheRowsAreUnchangedAndTheChainHolds() {
    JobStory story = fatalStory();
    storeAsRelease1(story);

    store.readStream(story.jobId(), 0, 100);

    String storedFailure =
        db.dsl()
            .select(JOB_EVENTS.DATA)
            .from(JOB_EVENTS)
            .where(JOB_EVENTS.JOB_ID.eq(story.jobId().value()))
            .and(JOB_EVENTS.EVENT_TYPE.eq("JobStepFailed"))
            .fetchSingle()
            .value1()
            .data();
    assertThat(storedFailure).contains("\"retryable\": false").doesNotContain("\"kind\"");
    assertThat(store.verifyChain(story.jobId()).intact()).isTrue();
    assertThat(store.verifyChain(story.jobId()).eventsChecked()).isEqualTo(story.events().size());
  }

  @Test
  void givenAJobStoredByRelease1_whenTheReadModelsAreRebuilt_thenItIsCleanAndVerifies() {
    JobStory story = fatalStory();
    storeAsRelease1(story);
    var ports = new JooqPorts(db, 5);

    var report = ports.replay().rebuildProjections();

    assertThat(report.failures()).isEmpty();
    assertThat(report.jobsClean()).isEqualTo(report.jobsReplayed()).isPositive();
    JobSummary summary = ports.summaries().find(story.jobId()).orElseThrow();
    assertThat(summary).isEqualTo(JobSummary.of(story.state()));
    assertThat(summary.status()).isEqualTo(JobStatus.FAILED);
    AuditService audit = ports.audit();
    assertThat(audit.verify(story.jobId()).differences()).isEmpty();
    assertThat(audit.verify(story.jobId()).ok()).isTrue();
  }

  @Test
  void givenAnEventOfANewerSchemaThanThisRelease_whenRead_thenAClearErrorNotAGuess() {
    JobStory story = JobStory.create(newJobId(), "from the future", T0);
    JobEvent created = story.events().getFirst();
    // Its own database: the other tests rebuild every job, and this one cannot be read.
    try (var own = TestDatabase.createFresh()) {
      new RawEvents(own.dsl(), story.jobId())
          .insert(
              created.eventType(),
              EventDocuments.CURRENT_SCHEMA_VERSION + 1,
              EventDocuments.write(created),
              StoryWriter.METADATA,
              created.at());
      var ownStore = new JooqJobEventStore(own.dsl(), () -> {});

      assertThatThrownBy(() -> ownStore.readStream(story.jobId(), 0, 100))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("newer than this release knows");
      assertThat(ownStore.verifyChain(story.jobId()).intact())
          .as("the chain covers the document as stored, whatever its version")
          .isTrue();
    }
  }
}
