package io.jobtrail.persistence.event;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.application.testing.contract.JobSnapshotsContract;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.persistence.testing.TestDatabase;
import java.util.List;
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

  private static JobRepository repository() {
    // A large interval: these tests place the snapshots themselves.
    return new JobRepository(
        new JooqJobEventStore(db.dsl(), () -> {}), new JooqJobSnapshots(db.dsl()), 1_000);
  }
}
