package io.jobtrail.persistence.event;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static io.jobtrail.persistence.jooq.Tables.JOB_SNAPSHOTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.SnapshotDocuments;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.application.testing.contract.JobSnapshotsContract;
import io.jobtrail.domain.job.AgentAssignment;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobLimits;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.StepId;
import io.jobtrail.persistence.testing.TestDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The snapshots contract against PostgreSQL, and what only a database can hold: rows of another
 * state schema and rows that do not read back, which must be skipped, never trusted.
 */
class JooqJobSnapshotsTest extends JobSnapshotsContract {

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
  protected JobSnapshots newSnapshots() {
    return new JooqJobSnapshots(db.dsl());
  }

  /** A stored job of 20-odd events and the heads its appends returned, by version. */
  private record StoredJob(JobStory story, List<AppendResult> appends) {
    StreamHead headAt(long version) {
      return appends.stream()
          .map(AppendResult::head)
          .filter(h -> h.version() == version)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no append ended at version " + version));
    }

    /** Versions at which an append ended, so a snapshot there names a real head. */
    List<Long> headVersions() {
      return appends.stream().map(a -> a.head().version()).toList();
    }
  }

  private static StoredJob storeJob() {
    JobStory story =
        JobStory.create(newJobId(), "snapshotted", T0)
            .start()
            .pause(null)
            .resume()
            .runToApproval(2);
    return new StoredJob(
        story, StoryWriter.appendAll(new JooqJobEventStore(db.dsl(), () -> {}), story));
  }

  private void save(StoredJob job, long version) {
    snapshots.save(job.story().stateAt(version), job.headAt(version));
  }

  private static void alter(StoredJob job, long version, String set) {
    int changed =
        db.dsl()
            .execute(
                "update job_snapshots set " + set + " where job_id = ? and version = ?",
                job.story().jobId().value(),
                version);
    assertThat(changed).isEqualTo(1);
  }

  @Test
  void givenANewerSnapshotOfAnotherStateSchema_whenLoading_thenItIsSkippedForTheOlderOne() {
    StoredJob job = storeJob();
    List<Long> heads = job.headVersions();
    long older = heads.get(3);
    long newer = heads.get(6);
    save(job, older);
    save(job, newer);
    // Readable, and wrong if it were trusted: a state from a schema this code does not know.
    alter(
        job,
        newer,
        "state_schema_version = state_schema_version + 1,"
            + " state = jsonb_set(state, '{name}', '\"forged\"')");

    var latest = snapshots.latest(job.story().jobId(), Long.MAX_VALUE);

    assertThat(latest).isPresent();
    assertThat(latest.get().head()).isEqualTo(job.headAt(older));
    assertThat(latest.get().state()).isEqualTo(job.story().stateAt(older));
    assertThat(repository().load(job.story().jobId()).orElseThrow().state())
        .isEqualTo(job.story().state());
  }

  @Test
  void givenSnapshotsThatDoNotReadBack_whenLoading_thenTheyAreSkippedAndTheFullFoldIsUsed() {
    StoredJob job = storeJob();
    List<Long> heads = job.headVersions();
    long notAState = heads.get(2);
    long unknownStatus = heads.get(4);
    long otherVersion = heads.get(6);
    for (long version : List.of(notAState, unknownStatus, otherVersion)) {
      save(job, version);
    }
    alter(job, notAState, "state = '[\"not\", \"a\", \"state\"]'");
    alter(job, unknownStatus, "state = jsonb_set(state, '{status}', '\"EXPLODED\"')");
    // Reads as a state, but not the one its row claims to hold.
    alter(job, otherVersion, "state = jsonb_set(state, '{version}', '1')");

    assertThat(snapshots.latest(job.story().jobId(), Long.MAX_VALUE)).isEmpty();
    JobState loaded = repository().load(job.story().jobId()).orElseThrow().state();
    assertThat(loaded).isEqualTo(job.story().state());
  }

  @Test
  void givenOneGoodSnapshotBelowBadOnes_whenLoadedAtEveryVersion_thenEachEqualsTheFullFold() {
    StoredJob job = storeJob();
    List<Long> heads = job.headVersions();
    save(job, heads.get(2));
    save(job, heads.get(5));
    alter(job, heads.get(5), "state = '{}'");
    JobRepository repository = repository();

    for (long version = 1; version <= job.story().events().size(); version++) {
      assertThat(repository.loadAt(job.story().jobId(), version).orElseThrow().state())
          .as("version %d", version)
          .isEqualTo(job.story().stateAt(version));
    }
  }

  @Test
  void
      givenASnapshotOfTheOldReflectedFormat_whenTheJobIsLoaded_thenIgnoredAndTakenAgainInTheNewForm()
          throws Exception {
    // The commands that made the state of snapshot-format-1.json (written by release 1, which
    // stored a Jackson reflection of JobState, tagged state schema 1); its name is changed, so
    // that trusting it would show.
    var jobId = new JobId(UUID.fromString("0190f0e4-7c1a-7000-8000-0000000000c1"));
    Instant t = Instant.parse("2025-03-01T09:00:00Z");
    var store = new JooqJobEventStore(db.dsl(), () -> {});
    JobState state = null;
    StreamHead head = StreamHead.EMPTY;
    for (JobCommand command :
        List.<JobCommand>of(
            new JobCommand.CreateJob(
                jobId,
                "old snapshot",
                "add numbers",
                Map.of("language", "java", "ratio", 0.5),
                AgentAssignment.ALL_SIMULATED,
                JobLimits.DEFAULT,
                "alice",
                null,
                t),
            new JobCommand.StartJob("alice", t.plusSeconds(1)),
            new JobCommand.StartNextStep(t.plusSeconds(2)),
            new JobCommand.CompleteAttempt(
                new StepId("plan"), 1, new AgentResult.Plan("1. add"), t.plusSeconds(3)))) {
      List<JobEvent> decided = JobDecider.decide(command, state);
      state = JobEvolution.replay(state, decided);
      head = store.append(jobId, head, StoryWriter.newEvents(decided), state).head();
    }
    assertThat(head.version()).isEqualTo(6);
    String oldDocument;
    try (InputStream in = getClass().getResourceAsStream("snapshot-format-1.json")) {
      oldDocument = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    db.dsl()
        .insertInto(JOB_SNAPSHOTS)
        .set(JOB_SNAPSHOTS.JOB_ID, jobId.value())
        .set(JOB_SNAPSHOTS.VERSION, 6L)
        .set(JOB_SNAPSHOTS.STATE_SCHEMA_VERSION, 1)
        .set(JOB_SNAPSHOTS.STATE, JSONB.valueOf(oldDocument))
        .set(JOB_SNAPSHOTS.LAST_HASH, Hashes.bytes(head.lastHash()))
        .execute();
    var repository = new JobRepository(store, new JooqJobSnapshots(db.dsl()), 5);

    JobState loaded = repository.load(jobId).orElseThrow().state();

    assertThat(loaded).isEqualTo(state);
    assertThat(loaded.name()).isEqualTo("old snapshot");
    var row =
        db.dsl()
            .selectFrom(JOB_SNAPSHOTS)
            .where(JOB_SNAPSHOTS.JOB_ID.eq(jobId.value()))
            .fetchSingle();
    assertThat(row.getVersion()).isEqualTo(6);
    assertThat(row.getStateSchemaVersion())
        .as("the old row was replaced by one of the current format")
        .isEqualTo(SnapshotDocuments.FORMAT);
    assertThat(snapshots.latest(jobId, 6).orElseThrow().state()).isEqualTo(state);
    assertThat(repository.load(jobId).orElseThrow().state()).isEqualTo(state);
  }

  private static JobRepository repository() {
    // A large interval: these tests place the snapshots themselves.
    return new JobRepository(
        new JooqJobEventStore(db.dsl(), () -> {}), new JooqJobSnapshots(db.dsl()), 1_000);
  }
}
