package io.jobtrail.application.testing.contract;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.EventHashing;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.application.port.out.JobSnapshots.Snapshot;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.ReplayOrigin;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobSnapshots} must do. Tests use fresh job ids; other jobs may be stored. */
public abstract class JobSnapshotsContract {

  protected JobSnapshots snapshots;

  /** Snapshots to test. */
  protected abstract JobSnapshots newSnapshots();

  @BeforeEach
  void createSnapshots() {
    snapshots = newSnapshots();
  }

  /** A job with everything a state can hold: an origin, rich input, retries, a finished run. */
  private static JobStory richStory() {
    var origin =
        new ReplayOrigin(newJobId(), 3, Map.of("model", "large", "nested", Map.of("a", 1)));
    return JobStory.create(JobStory.richCommand(newJobId(), "snapshot", T0, origin))
        .start()
        .pause("lunch")
        .resume()
        .nextStep()
        .fail(FailureKind.TIMEOUT, "too slow", Duration.ofMillis(500))
        .runToApproval(1);
  }

  private static StreamHead head(long version) {
    return new StreamHead(version, EventHashing.link(null, "event " + version));
  }

  private static Snapshot save(JobSnapshots snapshots, JobState state) {
    var snapshot = new Snapshot(state, head(state.version()));
    snapshots.save(state, snapshot.head());
    return snapshot;
  }

  @Test
  void givenASavedSnapshot_whenReadBack_thenStateAndHeadAreEqual() {
    JobStory story = richStory();

    Snapshot saved = save(snapshots, story.state());

    assertThat(snapshots.latest(story.jobId(), story.state().version())).contains(saved);
  }

  @Test
  void givenSnapshotsOfEveryVersion_whenEachIsReadBack_thenEachIsEqual() {
    JobStory story = richStory();
    int n = story.events().size();

    for (int version = 1; version <= n; version++) {
      Snapshot saved = save(snapshots, story.stateAt(version));
      assertThat(snapshots.latest(story.jobId(), version))
          .as("version %d", version)
          .contains(saved);
    }
  }

  @Test
  void givenSeveralSnapshots_whenTheLatestUpToAVersionIsAsked_thenTheHighestAtOrBelowIt() {
    JobStory story = richStory();
    Snapshot five = save(snapshots, story.stateAt(5));
    Snapshot ten = save(snapshots, story.stateAt(10));

    assertThat(snapshots.latest(story.jobId(), 4)).isEmpty();
    assertThat(snapshots.latest(story.jobId(), 5)).contains(five);
    assertThat(snapshots.latest(story.jobId(), 9)).contains(five);
    assertThat(snapshots.latest(story.jobId(), 10)).contains(ten);
    assertThat(snapshots.latest(story.jobId(), Long.MAX_VALUE)).contains(ten);
  }

  @Test
  void givenSnapshotsOfAnotherJob_whenAskedForThisOne_thenEmpty() {
    save(snapshots, richStory().state());

    assertThat(snapshots.latest(newJobId(), Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void givenSnapshots_whenAllAreDeleted_thenNoneIsFound() {
    JobStory one = richStory();
    JobStory two = JobStory.create(newJobId(), "other", T0).start();
    save(snapshots, one.state());
    save(snapshots, two.state());

    snapshots.deleteAll();

    assertThat(snapshots.latest(one.jobId(), Long.MAX_VALUE)).isEmpty();
    assertThat(snapshots.latest(two.jobId(), Long.MAX_VALUE)).isEmpty();
  }
}
