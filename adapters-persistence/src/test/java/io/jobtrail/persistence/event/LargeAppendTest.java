package io.jobtrail.persistence.event;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.persistence.testing.TestDatabase;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large appends (a replay's fork of a long job: more events than one bind parameter per value could
 * carry, since PostgreSQL takes at most 65,535) are one statement like any other, bound as one
 * array per column, and keep every guarantee of a small one; and a head row that went missing gives
 * a typed conflict, not a database error.
 */
class LargeAppendTest {

  private static TestDatabase db;
  private static JooqJobEventStore store;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.createFresh();
    store = new JooqJobEventStore(db.dsl(), () -> {});
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  /** A job paused and resumed {@code toggles} times: 2 + 2 × toggles events. */
  private static JobStory toggled(int toggles) {
    JobStory story = JobStory.create(newJobId(), "long", T0).start();
    for (int i = 0; i < toggles; i++) {
      story.pause("p" + i).resume();
    }
    return story;
  }

  @Test
  void givenMoreEventsThanBindParametersCouldCarry_whenAppendedAtOnce_thenStoredInOneTransaction() {
    JobStory story = toggled(3_500);
    int n = story.events().size();
    assertThat(n * 11).as("values to bind, one per column per event").isGreaterThan(65_535);

    AppendResult result =
        store.append(
            story.jobId(), StreamHead.EMPTY, StoryWriter.newEvents(story.events()), story.state());

    List<RecordedEvent> read = store.readStream(story.jobId(), 0, 10_000);
    assertThat(read).isEqualTo(result.events());
    assertThat(read)
        .extracting(RecordedEvent::version)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
    assertThat(read).extracting(RecordedEvent::event).isEqualTo(story.events());
    assertThat(read)
        .extracting(RecordedEvent::transactionId)
        .containsOnly(read.getFirst().transactionId());
    assertThat(result.head()).isEqualTo(new StreamHead(n, read.getLast().hash()));
    assertThat(store.verifyChain(story.jobId()).intact()).isTrue();
    assertThat(
            db.dsl()
                .select(JOB_SUMMARIES.VERSION)
                .from(JOB_SUMMARIES)
                .where(JOB_SUMMARIES.JOB_ID.eq(story.jobId().value()))
                .fetchSingle()
                .value1())
        .isEqualTo(n);
  }

  @Test
  void givenALargeAppendAtAStaleHead_whenAppended_thenConflictAndNothingWritten() {
    JobStory story = toggled(800);
    List<List<JobEvent>> batches = story.batches();
    var writer = new StoryWriter(store, story);
    AppendResult created = writer.appendNext();
    writer.appendNext();
    List<JobEvent> rest = story.events().subList(1, story.events().size());

    assertThatThrownBy(
            () ->
                store.append(
                    story.jobId(), created.head(), StoryWriter.newEvents(rest), story.state()))
        .isInstanceOf(ConcurrencyConflict.class);
    assertThat(store.readStream(story.jobId(), 0, 10_000)).hasSize(batches.get(0).size() + 1);
  }

  @Test
  void givenALargeAppendStored_whenSentAgain_thenTheOriginalsAndNothingWritten() {
    JobStory story = toggled(700);
    List<NewEvent> events = StoryWriter.newEvents(story.events());
    AppendResult first = store.append(story.jobId(), StreamHead.EMPTY, events, story.state());

    AppendResult again = store.append(story.jobId(), StreamHead.EMPTY, events, story.state());

    assertThat(again.duplicate()).isTrue();
    assertThat(again.events()).isEqualTo(first.events());
    assertThat(store.readStream(story.jobId(), 0, 10_000)).hasSize(story.events().size());
  }

  @Test
  void givenAJobWhoseHeadRowWasLost_whenAppendedAsNew_thenATypedConflict() {
    JobStory story = JobStory.create(newJobId(), "lost head", T0).start();
    StoryWriter.appendAll(store, story);
    db.dsl()
        .deleteFrom(JOB_SUMMARIES)
        .where(JOB_SUMMARIES.JOB_ID.eq(story.jobId().value()))
        .execute();
    JobStory again = JobStory.create(story.jobId(), "lost head", T0);

    assertThatThrownBy(
            () ->
                store.append(
                    story.jobId(),
                    StreamHead.EMPTY,
                    StoryWriter.newEvents(again.events()),
                    again.state()))
        .isInstanceOf(ConcurrencyConflict.class);
    assertThat(store.readStream(story.jobId(), 0, 100)).hasSize(2);
  }
}
