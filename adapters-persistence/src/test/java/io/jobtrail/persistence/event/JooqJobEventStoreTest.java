package io.jobtrail.persistence.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.application.testing.contract.JobEventStoreContract;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event store contract against PostgreSQL; all tests of the class share one database. */
class JooqJobEventStoreTest extends JobEventStoreContract {

  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.createFresh();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Override
  protected JobEventStore newStore() {
    return new JooqJobEventStore(db.dsl(), () -> {});
  }

  @Test
  void givenAnEventTimeFinerThanTheDatabaseKeeps_whenAppended_thenRejectedAndNothingWritten() {
    JobStory story = JobStory.create(JobStory.newJobId(), "nanos", JobStory.T0.plusNanos(1_500));

    assertThatThrownBy(
            () ->
                store.append(
                    story.jobId(),
                    StreamHead.EMPTY,
                    StoryWriter.newEvents(story.events()),
                    story.state()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole microseconds");
    assertThat(store.readStream(story.jobId(), 0, 10)).isEmpty();
  }

  /** Rewrites who wrote the event: its metadata's userId. */
  @Override
  protected void tamperWithStoredEvent(JobId jobId, long version) {
    int changed =
        Tampering.withTriggersOff(
            db,
            "update job_events set metadata = jsonb_set(metadata, '{userId}', '\"mallory\"')"
                + " where job_id = ? and version = ?",
            jobId,
            version);
    assertThat(changed).isEqualTo(1);
  }
}
