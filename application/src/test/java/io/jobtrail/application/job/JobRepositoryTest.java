package io.jobtrail.application.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.testing.CountingStore;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobRepositoryTest {

  private final InMemoryJobEventStore store = new InMemoryJobEventStore();
  private final CountingStore counting = new CountingStore(store);
  private final InMemoryJobSnapshots snapshots = new InMemoryJobSnapshots();

  /** A job through a pause, a retry, one rejected draft and approval: about thirty events. */
  private static JobStory story() {
    return JobStory.create(JobStory.newJobId(), "repository", JobStory.T0)
        .start()
        .pause("lunch")
        .resume()
        .nextStep()
        .fail(FailureKind.ERROR, "flaky", Duration.ofMillis(200))
        .runToApproval(2);
  }

  /** Appends the story through the repository, loading before each append as a handler does. */
  private static void appendThrough(JobRepository repository, JobStory story) {
    for (List<JobEvent> batch : story.batches()) {
      LoadedJob loaded = repository.load(story.jobId()).orElse(null);
      repository.append(loaded, StoryWriter.newEvents(batch));
    }
  }

  /** The state at exactly {@code version}, as time travel asks for it. */
  private static Optional<JobState> atVersion(JobRepository repository, JobId id, long version) {
    return repository
        .loadAt(id, version)
        .map(LoadedJob::state)
        .filter(state -> version >= 1 && state.version() == version);
  }

  private static Optional<JobState> atTime(JobRepository repository, JobId id, Instant at) {
    return repository.loadAt(id, at).map(LoadedJob::state);
  }

  @ParameterizedTest(name = "snapshot every {0}")
  @ValueSource(ints = {1, 3, 7, 1_000})
  void givenSnapshotsEveryN_whenLoadedAtEachVersion_thenSameStateAsTheFullFold(int every) {
    var repository = new JobRepository(counting, snapshots, every);
    JobStory story = story();
    appendThrough(repository, story);
    int n = story.events().size();

    for (int version = 1; version <= n; version++) {
      assertThat(atVersion(repository, story.jobId(), version))
          .as("version %d", version)
          .contains(story.stateAt(version));
    }
    assertThat(repository.load(story.jobId()).map(LoadedJob::state)).contains(story.state());
    assertThat(atVersion(repository, story.jobId(), 0)).isEmpty();
    assertThat(atVersion(repository, story.jobId(), n + 1)).isEmpty();
    if (every < n) {
      assertThat(snapshots.versions(story.jobId())).isNotEmpty();
    }
  }

  @Test
  void givenSnapshots_whenTheLatestStateIsLoaded_thenOnlyTheEventsAfterTheSnapshotAreRead() {
    var repository = new JobRepository(counting, snapshots, 5);
    JobStory story = story();
    appendThrough(repository, story);
    int n = story.events().size();
    long lastSnapshot = snapshots.versions(story.jobId()).getLast();

    counting.eventsRead.set(0);
    // Another repository (another instance, or after a restart): nothing kept, the snapshot used.
    LoadedJob loaded = new JobRepository(counting, snapshots, 5).load(story.jobId()).orElseThrow();

    assertThat(loaded.state()).isEqualTo(story.state());
    assertThat(loaded.head().version()).isEqualTo(n);
    assertThat(counting.eventsRead.get()).isEqualTo(n - lastSnapshot).isLessThan(n);
  }

  @Test
  void givenAJobLoadedBefore_whenLoadedAgain_thenOnlyTheEventsAppendedSinceAreRead() {
    var repository = new JobRepository(counting, snapshots, 1_000);
    JobStory story = story();
    appendThrough(repository, story);

    counting.eventsRead.set(0);
    LoadedJob loaded = repository.load(story.jobId()).orElseThrow();

    assertThat(loaded.state()).isEqualTo(story.state());
    assertThat(counting.eventsRead.get()).as("nothing appended since the last append").isZero();
  }

  @Test
  void givenEventsAppendedElsewhere_whenLoaded_thenTheKeptStateCatchesUpExactly() {
    var here = new JobRepository(counting, snapshots, 1_000);
    JobStory story = story();
    var first = story.batches().subList(0, 3);
    for (List<JobEvent> batch : first) {
      here.append(here.load(story.jobId()).orElse(null), StoryWriter.newEvents(batch));
    }
    // Another instance appends the rest through its own repository.
    var elsewhere = new JobRepository(store, snapshots, 1_000);
    for (List<JobEvent> batch : story.batches().subList(3, story.batches().size())) {
      elsewhere.append(elsewhere.load(story.jobId()).orElse(null), StoryWriter.newEvents(batch));
    }

    counting.eventsRead.set(0);
    LoadedJob loaded = here.load(story.jobId()).orElseThrow();

    assertThat(loaded.state()).isEqualTo(story.state());
    int firstEvents = first.stream().mapToInt(List::size).sum();
    assertThat(counting.eventsRead.get()).isEqualTo(story.events().size() - firstEvents);
  }

  @Test
  void givenSnapshotsWereDeleted_whenLoaded_thenTheFullFoldGivesTheSameState() {
    var repository = new JobRepository(store, snapshots, 2);
    JobStory story = story();
    appendThrough(repository, story);
    LoadedJob withSnapshots = repository.load(story.jobId()).orElseThrow();

    snapshots.deleteAll();

    assertThat(repository.load(story.jobId())).contains(withSnapshots);
  }

  @Test
  void givenEventsAtKnownTimes_whenLoadedAtATime_thenTheFoldOfEverythingUpToThen() {
    var repository = new JobRepository(store, snapshots, 4);
    JobStory story = story();
    appendThrough(repository, story);
    JobId id = story.jobId();
    List<JobEvent> events = story.events();

    assertThat(atTime(repository, id, JobStory.T0.minusMillis(1))).isEmpty();
    for (JobEvent event : events) {
      Instant at = event.at();
      long lastAtOrBefore = events.stream().filter(e -> !e.at().isAfter(at)).count();
      JobState expected = story.stateAt(lastAtOrBefore);
      assertThat(atTime(repository, id, at)).contains(expected);
      assertThat(atTime(repository, id, at.plusMillis(500))).contains(expected);
    }
    assertThat(atTime(repository, id, Instant.parse("2999-01-01T00:00:00Z")))
        .contains(story.state());
  }

  @Test
  void
      givenEventsAlreadyAppended_whenTheSameAppendIsRepeated_thenTheJobIsReadAgainAndNothingAdded() {
    var repository = new JobRepository(store, snapshots, 3);
    JobStory story = JobStory.create(JobStory.newJobId(), "again", JobStory.T0).start().pause(null);
    LoadedJob created =
        repository.append(null, StoryWriter.newEvents(story.batches().get(0))).job();
    List<NewEvent> start = StoryWriter.newEvents(story.batches().get(1));
    repository.append(created, start);
    repository.append(
        repository.load(story.jobId()).orElseThrow(),
        StoryWriter.newEvents(story.batches().get(2)));

    JobRepository.Appended again = repository.append(created, start);

    assertThat(again.result().duplicate()).isTrue();
    assertThat(again.job().state()).isEqualTo(story.state());
    assertThat(store.readStream(story.jobId(), 0, 100)).hasSize(3);
  }
}
