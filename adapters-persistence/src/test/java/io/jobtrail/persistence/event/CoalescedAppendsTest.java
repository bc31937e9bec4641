package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobCommandHandler.Handled;
import io.jobtrail.application.job.LoadedJob;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.persistence.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Appends to different jobs that arrive while another is being written are written together, in one
 * statement and one transaction, each job's expected head checked on its own. To make a batch form
 * on purpose, the store writes one batch at a time and the first append is held inside PostgreSQL
 * by a row lock on its job's head, taken from another connection; the appends sent meanwhile wait,
 * and are written together once the lock is let go.
 */
class CoalescedAppendsTest {

  private static final CommandOrigin ORIGIN = CommandOrigin.user("tester");

  private TestDatabase db;
  private JooqPorts ports;
  private JobCommandHandler handler;
  private ExecutorService threads;

  @BeforeEach
  void setUp() {
    db = TestDatabase.createFresh();
    ports = new JooqPorts(db, 100, 1);
    handler = ports.handler(10);
    threads = Executors.newCachedThreadPool();
  }

  @AfterEach
  void tearDown() {
    threads.shutdownNow();
    db.close();
  }

  @Test
  void givenAConflictInTheMiddleOfABatch_whenWritten_thenTheOthersCommitTogetherAndTheLoserRetries()
      throws Exception {
    JobId held = runningJob("held");
    JobId first = runningJob("first");
    JobId loser = runningJob("loser");
    JobId last = runningJob("last");
    // Another instance's store: it shares the database, not the batches.
    var otherInstance = new JooqPorts(db, 100, 1).handler(10);

    Future<Handled> heldPause;
    Future<Handled> firstPause;
    Future<Handled> loserCancel;
    Future<Handled> lastPause;
    AppendBatches before;
    try (var lock = new HeadLock(held)) {
      heldPause = submit(() -> handler.handle(held, pause(), ORIGIN));
      awaitUntil(lock::someoneWaits, "the held job's append waits for the row lock");
      firstPause = submit(() -> handler.handle(first, pause(), ORIGIN));
      awaitUntil(() -> ports.events().appendsWaiting() == 1, "the first append waits");
      loserCancel =
          submit(
              () ->
                  handler.handle(
                      loser, new JobCommand.CancelJob("enough", "tester", now()), ORIGIN));
      awaitUntil(() -> ports.events().appendsWaiting() == 2, "the loser's append waits");
      // The loser decided on the job as it was; another instance moves its head meanwhile.
      otherInstance.handle(
          loser, new JobCommand.PauseJob("by the other instance", "ops", now()), ORIGIN);
      lastPause = submit(() -> handler.handle(last, pause(), ORIGIN));
      awaitUntil(() -> ports.events().appendsWaiting() == 3, "the last append waits");
      before = ports.events().appendBatches();
    }

    assertThat(heldPause.get(30, TimeUnit.SECONDS).state().status()).isEqualTo(JobStatus.PAUSED);
    RecordedEvent firstEvent = firstPause.get(30, TimeUnit.SECONDS).events().getFirst();
    RecordedEvent lastEvent = lastPause.get(30, TimeUnit.SECONDS).events().getFirst();
    Handled retried = loserCancel.get(30, TimeUnit.SECONDS);
    AppendBatches after = ports.events().appendBatches();

    assertThat(firstEvent.transactionId())
        .as("the appends around the conflict committed in one transaction")
        .isEqualTo(lastEvent.transactionId());
    assertThat(after.batches() - before.batches())
        .as("the held append, the batch of three, the loser's retry")
        .isEqualTo(3);
    assertThat(after.appends() - before.appends()).isEqualTo(5);

    List<RecordedEvent> loserLog = ports.events().readStream(loser, 0, 100);
    assertThat(loserLog)
        .extracting(RecordedEvent::event)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("JobCreated", "JobStarted", "JobPaused", "JobCancelled");
    assertThat(retried.events()).singleElement().isEqualTo(loserLog.getLast());
    assertThat(retried.events().getFirst().transactionId())
        .as("the loser retried in a transaction of its own")
        .isNotEqualTo(firstEvent.transactionId());
    var pausedByTheOther =
        JobEvolution.replay(loserLog.subList(0, 3).stream().map(RecordedEvent::event).toList());
    assertThat(
            JobDecider.decide(
                new JobCommand.CancelJob(
                    "enough", "tester", retried.events().getFirst().timestamp()),
                pausedByTheOther))
        .as("the retry was decided on the state the other instance left")
        .containsExactly(retried.events().getFirst().event());
    for (JobId job : List.of(held, first, loser, last)) {
      assertThat(ports.events().verifyChain(job).intact()).isTrue();
      assertThat(ports.audit().verify(job).differences()).isEmpty();
    }
  }

  @Test
  void givenAnAppendTheDatabaseRefusesInABatch_whenWritten_thenItFailsAloneAndTheOthersCommit()
      throws Exception {
    JobId held = runningJob("held");
    JobId first = runningJob("first");
    JobId poisoned = runningJob("poisoned");
    JobId last = runningJob("last");

    Future<Handled> heldPause;
    Future<Handled> firstPause;
    Future<Handled> poisonedPause;
    Future<Handled> lastPause;
    try (var lock = new HeadLock(held)) {
      heldPause = submit(() -> handler.handle(held, pause(), ORIGIN));
      awaitUntil(lock::someoneWaits, "the held job's append waits for the row lock");
      firstPause = submit(() -> handler.handle(first, pause(), ORIGIN));
      awaitUntil(() -> ports.events().appendsWaiting() == 1, "the first append waits");
      // PostgreSQL's jsonb cannot hold the NUL character.
      poisonedPause =
          submit(
              () ->
                  handler.handle(
                      poisoned,
                      new JobCommand.PauseJob("nul \u0000 here", "tester", now()),
                      ORIGIN));
      awaitUntil(() -> ports.events().appendsWaiting() == 2, "the poisoned append waits");
      lastPause = submit(() -> handler.handle(last, pause(), ORIGIN));
      awaitUntil(() -> ports.events().appendsWaiting() == 3, "the last append waits");
    }

    assertThat(heldPause.get(30, TimeUnit.SECONDS).state().status()).isEqualTo(JobStatus.PAUSED);
    assertThat(firstPause.get(30, TimeUnit.SECONDS).state().status()).isEqualTo(JobStatus.PAUSED);
    assertThat(lastPause.get(30, TimeUnit.SECONDS).state().status()).isEqualTo(JobStatus.PAUSED);
    assertThatThrownBy(() -> poisonedPause.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(DataAccessException.class)
        .cause()
        .satisfies(
            e ->
                assertThat(((DataAccessException) e).getCause(SQLException.class).getSQLState())
                    .isEqualTo("22P05"));
    assertThat(ports.events().readStream(poisoned, 0, 100)).hasSize(2);
    assertThat(ports.summaries().find(poisoned).orElseThrow().status())
        .isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void givenTwoAppendsToOneJobWaitingTogether_whenWritten_thenNeverInOneBatchAndTheSecondConflicts()
      throws Exception {
    JobId held = runningJob("held");
    JobId job = runningJob("twice");
    LoadedJob loaded = ports.repository().load(job).orElseThrow();
    List<JobEvent> pause = JobDecider.decide(pause(), loaded.state());
    var state = JobEvolution.replay(loaded.state(), pause);

    Future<?> heldPause;
    Future<?> once;
    Future<?> twice;
    try (var lock = new HeadLock(held)) {
      heldPause = submit(() -> handler.handle(held, pause(), ORIGIN));
      awaitUntil(lock::someoneWaits, "the held job's append waits for the row lock");
      once =
          submit(
              () -> ports.events().append(job, loaded.head(), StoryWriter.newEvents(pause), state));
      awaitUntil(() -> ports.events().appendsWaiting() == 1, "the first append waits");
      twice =
          submit(
              () -> ports.events().append(job, loaded.head(), StoryWriter.newEvents(pause), state));
      awaitUntil(() -> ports.events().appendsWaiting() == 2, "the second append waits");
    }

    heldPause.get(30, TimeUnit.SECONDS);
    once.get(30, TimeUnit.SECONDS);
    assertThatThrownBy(() -> twice.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(io.jobtrail.application.event.ConcurrencyConflict.class);
    assertThat(ports.events().readStream(job, 0, 100)).hasSize(3);
    assertThat(ports.events().verifyChain(job).intact()).isTrue();
  }

  private JobId runningJob(String name) {
    JobId jobId = new JobId(ports.ids().next());
    handler.handle(
        jobId,
        new JobCommand.CreateJob(
            jobId,
            name,
            "coalesce",
            Map.of(),
            AgentAssignment.ALL_SIMULATED,
            JobLimits.DEFAULT,
            "tester",
            null,
            now()),
        ORIGIN);
    handler.handle(jobId, new JobCommand.StartJob("tester", now()), ORIGIN);
    return jobId;
  }

  private JobCommand.PauseJob pause() {
    return new JobCommand.PauseJob(null, "tester", now());
  }

  private java.time.Instant now() {
    return ports.clock().advance(Duration.ofMillis(1));
  }

  private <T> Future<T> submit(Callable<T> task) {
    return threads.submit(task);
  }

  private static void awaitUntil(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  /** A lock on a job's head row, held by a transaction of its own until closed. */
  private final class HeadLock implements AutoCloseable {

    private final Connection connection;

    HeadLock(JobId jobId) throws SQLException {
      connection = db.dataSource().getConnection();
      connection.setAutoCommit(false);
      try (PreparedStatement lock =
          connection.prepareStatement(
              "select 1 from " + JOB_SUMMARIES.getName() + " where job_id = ? for update")) {
        lock.setObject(1, jobId.value());
        lock.executeQuery().close();
      }
    }

    /** Whether another backend of this database waits for a lock. */
    boolean someoneWaits() {
      return db.dsl()
          .fetchExists(
              org.jooq
                  .impl
                  .DSL
                  .selectOne()
                  .from("pg_stat_activity")
                  .where("datname = current_database() and wait_event_type = 'Lock'"));
    }

    @Override
    public void close() throws SQLException {
      connection.rollback();
      connection.close();
    }
  }
}
