package io.jobtrail.persistence.event;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.event.HistoryDamaged;
import io.jobtrail.application.port.in.AuditJobs.VerificationReport;
import io.jobtrail.application.port.in.ReplayJobs.RebuildReport;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A log whose tail was deleted behind the store's back (triggers off) is reported by verification
 * and by a rebuild, which leaves the recorded head as evidence; with the head lowered too, a head
 * checkpoint still tells. A deleted middle event is named where it is missing.
 */
class TruncationTest {

  private TestDatabase db;
  private JooqPorts ports;

  @BeforeEach
  void createDatabase() {
    db = TestDatabase.createFresh();
    ports = new JooqPorts(db, 1_000);
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  private JobStory written() {
    JobStory story = JobStory.create(newJobId(), "truncated", T0).start().pause("wait").resume();
    StoryWriter.appendAll(ports.events(), story);
    return story;
  }

  private void deleteEvent(JobStory story, long version) {
    Tampering.withTriggersOff(
        db, "delete from job_events where job_id = ? and version = ?", story.jobId(), version);
  }

  @Test
  void givenTheLastEventDeleted_whenVerified_thenTheLogIsReportedShorterThanItsHead() {
    JobStory story = written();
    long head = story.events().size();
    deleteEvent(story, head);

    VerificationReport report = ports.audit().verify(story.jobId());

    assertThat(report.ok()).isFalse();
    assertThat(report.differences())
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith("truncated: the log ends at version " + (head - 1))
                    .contains("the job's head records version " + head));
  }

  @Test
  void givenTheLastEventDeleted_whenRebuilt_thenTheJobIsNotCleanAndItsHeadIsKept() {
    JobStory story = written();
    long head = story.events().size();
    deleteEvent(story, head);

    RebuildReport report = ports.replay().rebuildProjections();

    assertThat(report.jobsClean()).isZero();
    assertThat(report.jobsFailed()).isEqualTo(1);
    assertThat(report.failures()).singleElement().asString().contains("truncated");
    assertThat(ports.summaries().find(story.jobId()).orElseThrow().version()).isEqualTo(head);
    assertThat(ports.audit().verify(story.jobId()).ok()).as("still reported after").isFalse();
  }

  @Test
  void givenTheTailAndTheHeadLowered_whenVerified_thenTheHeadCheckpointStillTells() {
    JobStory story = written();
    long head = story.events().size();
    ports.checkpoints().record(T0);
    deleteEvent(story, head);
    db.dsl()
        .update(JOB_SUMMARIES)
        .set(JOB_SUMMARIES.VERSION, head - 1)
        .where(JOB_SUMMARIES.JOB_ID.eq(story.jobId().value()))
        .execute();

    VerificationReport report = ports.audit().verify(story.jobId());

    assertThat(report.differences())
        .anySatisfy(d -> assertThat(d).contains("a head checkpoint records version " + head));
    assertThat(ports.replay().rebuildProjections().jobsClean()).isZero();
  }

  @Test
  void givenAMiddleEventDeleted_whenTheJobIsLoaded_thenHistoryDamagedNamesTheMissingVersion() {
    JobStory story = written();
    deleteEvent(story, 2);

    assertThatThrownBy(() -> ports.repository().load(story.jobId()))
        .isInstanceOf(HistoryDamaged.class)
        .hasMessageContaining("version 2 is missing")
        .satisfies(e -> assertThat(((HistoryDamaged) e).version()).isEqualTo(2));
  }
}
