package io.jobtrail.persistence.event;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.val;

import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.live.LiveEventReader;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions that commit out of position order. Positions come from a sequence, taken at insert
 * time; commits happen later, in any order. A reader that trusted positions would read position
 * N+1, move its checkpoint past N, and miss N when it commits. The store orders the global log by
 * (writing transaction, position) and reads only below the oldest running transaction, so the late
 * event is never skipped and never read twice.
 */
class GlobalOrderTest {

  private static final int ALL = 10_000;
  private static final Duration POLL = Duration.ofMillis(20);

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

  /** A store whose appends run in the caller's open transaction on {@code connection}. */
  private static JobEventStore inTransaction(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    return new JooqJobEventStore(DSL.using(connection, SQLDialect.POSTGRES), () -> {});
  }

  private static StoryWriter newJob(JobEventStore store, String name) {
    return new StoryWriter(store, JobStory.create(newJobId(), name, T0));
  }

  /** Reads on from the cursor of the last event it got, like a subscriber that resumes. */
  private final class Follower {
    private GlobalCursor cursor;
    private final List<RecordedEvent> seen = new ArrayList<>();

    Follower(GlobalCursor from) {
      this.cursor = from;
    }

    List<RecordedEvent> poll() {
      List<RecordedEvent> batch = store.readAll(cursor, ALL);
      if (!batch.isEmpty()) {
        seen.addAll(batch);
        cursor = batch.getLast().cursor();
      }
      return batch;
    }
  }

  @Test
  void givenALowerPositionCommittingLater_whenPolledBetweenTheCommits_thenNeitherIsSkipped()
      throws Exception {
    var follower = new Follower(store.latestCursor());
    try (Connection first = db.dataSource().getConnection()) {
      AppendResult early = newJob(inTransaction(first), "early, commits late").appendNext();
      AppendResult late = newJob(store, "late, commits first").appendNext();
      RecordedEvent low = early.events().getFirst();
      RecordedEvent high = late.events().getFirst();
      assertThat(low.position()).isLessThan(high.position());

      for (int i = 0; i < 5; i++) {
        assertThat(follower.poll())
            .as("nothing after a transaction that is still running, poll %d", i)
            .isEmpty();
        Thread.sleep(POLL.toMillis());
      }

      first.commit();
      awaitTrue(() -> !follower.poll().isEmpty() && follower.seen.size() >= 2);
      follower.poll();

      assertThat(follower.seen).containsExactly(low, high);
      assertThat(follower.seen).extracting(RecordedEvent::cursor).isSorted();
      assertThat(store.readAll(follower.cursor, ALL)).isEmpty();
    }
  }

  @Test
  void givenATransactionThatBeganFirstButInsertedLast_whenRead_thenInTransactionOrderOnce()
      throws Exception {
    var follower = new Follower(store.latestCursor());
    try (Connection first = db.dataSource().getConnection()) {
      JobEventStore older = inTransaction(first);
      // Take the transaction id before the other writer starts.
      DSL.using(first, SQLDialect.POSTGRES).fetchValue("select pg_current_xact_id()");
      AppendResult committedFirst = newJob(store, "younger transaction").appendNext();
      assertThat(follower.poll()).as("behind a running transaction").isEmpty();
      AppendResult insertedLast = newJob(older, "older transaction").appendNext();
      RecordedEvent young = committedFirst.events().getFirst();
      RecordedEvent old = insertedLast.events().getFirst();
      assertThat(old.position()).isGreaterThan(young.position());
      assertThat(old.transactionId()).isLessThan(young.transactionId());
      assertThat(follower.poll()).isEmpty();

      first.commit();
      awaitTrue(() -> !follower.poll().isEmpty() && follower.seen.size() >= 2);
      follower.poll();

      assertThat(follower.seen).containsExactly(old, young);
      assertThat(store.readAll(follower.cursor, ALL)).isEmpty();
    }
  }

  @Test
  void givenALiveReader_whenAppendsCommitOutOfPositionOrder_thenItPublishesBothOnceInOrder()
      throws Exception {
    var hub = new EventHub();
    var published = new CopyOnWriteArrayList<RecordedEvent>();
    var publishedForEarlyJob = new CopyOnWriteArrayList<RecordedEvent>();
    JobStory earlyJob = JobStory.create(newJobId(), "early, commits late", T0);
    try (var reader = new LiveEventReader(store, hub, POLL, 100, Clock.systemUTC());
        var all = hub.subscribeAll(published::addAll);
        var one = hub.subscribe(earlyJob.jobId(), publishedForEarlyJob::addAll);
        Connection first = db.dataSource().getConnection()) {
      reader.start();
      AppendResult early = new StoryWriter(inTransaction(first), earlyJob).appendNext();
      AppendResult late = newJob(store, "late, commits first").appendNext();
      reader.wake();
      Thread.sleep(POLL.toMillis() * 10);
      assertThat(published).as("nothing while the lower position is uncommitted").isEmpty();

      first.commit();
      reader.wake();
      awaitTrue(() -> published.size() >= 2);
      Thread.sleep(POLL.toMillis() * 10);

      assertThat(published).containsExactly(early.events().getFirst(), late.events().getFirst());
      assertThat(publishedForEarlyJob).containsExactly(early.events().getFirst());
      assertThat(reader.checkpoint()).isEqualTo(late.events().getFirst().cursor());
    }
  }

  @Test
  void givenAnEventBehindATransactionThatAppendsNothing_whenAsked_thenHeldBackUntilItEnds()
      throws Exception {
    GlobalCursor from = store.latestCursor();
    try (Connection blocker = db.dataSource().getConnection()) {
      blocker.setAutoCommit(false);
      // Like a lease renewal or a log line: a transaction id, no event.
      DSL.using(blocker, SQLDialect.POSTGRES).fetchValue("select pg_current_xact_id()");
      assertThat(store.readHeldBack(from)).as("nothing committed after the cursor").isFalse();

      RecordedEvent appended =
          newJob(store, "behind a lease renewal").appendNext().events().getFirst();
      assertThat(store.readAll(from, ALL)).isEmpty();
      assertThat(store.readHeldBack(from)).isTrue();

      blocker.commit();
      assertThat(store.readHeldBack(from)).isFalse();
      assertThat(store.readAll(from, ALL)).containsExactly(appended);
    }
  }

  @Test
  void givenALiveReaderHeldBack_whenTheTransactionEndsWithoutAppending_thenItReadsWithoutAWakeUp()
      throws Exception {
    var hub = new EventHub();
    var published = new CopyOnWriteArrayList<RecordedEvent>();
    // A poll far beyond the wait below: only the reader's own look again can deliver in time.
    Duration poll = Duration.ofMinutes(5);
    try (var reader = new LiveEventReader(store, hub, poll, 100, Clock.systemUTC());
        var all = hub.subscribeAll(published::addAll);
        Connection blocker = db.dataSource().getConnection()) {
      reader.start();
      blocker.setAutoCommit(false);
      DSL.using(blocker, SQLDialect.POSTGRES).fetchValue("select pg_current_xact_id()");
      RecordedEvent appended = newJob(store, "behind a log line").appendNext().events().getFirst();
      reader.wake(); // As the append does; the reader finds the event held back.
      Thread.sleep(POLL.toMillis() * 5);
      assertThat(published).isEmpty();

      blocker.commit(); // Wakes no one.

      awaitTrue(() -> !published.isEmpty());
      assertThat(published).containsExactly(appended);
    }
  }

  /**
   * A reader asks after every read, so the question must not grow with the log: asked as "does a
   * held-back row exist", PostgreSQL scanned the whole table (30 ms at 20,000 events, a live reader
   * held to 25 reads a second).
   */
  @Test
  void givenALongLog_whenAskedWhetherEventsAreHeldBack_thenTheIndexAnswersWithoutAScan() {
    var writer = new JooqJobEventStore(db.dsl(), () -> {});
    for (int job = 0; job < 20; job++) {
      JobStory story = JobStory.create(newJobId(), "long " + job, T0).start();
      for (int i = 0; i < 500; i++) {
        story.pause("p" + i).resume();
      }
      writer.append(
          story.jobId(), StreamHead.EMPTY, StoryWriter.newEvents(story.events()), story.state());
    }
    GlobalCursor end = store.latestCursor();

    String plan =
        db.dsl()
            .explain(
                JooqJobEventStore.firstAfterHeldBack(
                    db.dsl(), val(end.transactionId()), val(end.position())))
            .plan();

    assertThat(plan).contains("job_events_transaction_position_idx").doesNotContain("Seq Scan");
    assertThat(store.readHeldBack(end)).isFalse();
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(10);
    }
  }
}
