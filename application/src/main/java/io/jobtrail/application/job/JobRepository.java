package io.jobtrail.application.job;

import io.jobtrail.application.event.AppendStats;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.event.StreamSlice;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Loads a job as the fold of its log, starting from the latest snapshot when there is one, and
 * appends new events, taking a snapshot every {@code snapshotEvery} events.
 *
 * <p>The latest state of recently used jobs is kept (the least recently used let go first), so a
 * load reads only the events appended since: usually none or one, in one query, instead of the
 * snapshot and up to {@code snapshotEvery} events parsed and folded again. Events are immutable and
 * gapless per job, so catching up from a kept state is exact, whichever instance appended them. A
 * job's loop loads it once a turn and each of its commands loads it again, so without this a job of
 * a few hundred events parsed dozens of stored events for each one it wrote.
 */
public final class JobRepository {

  /**
   * Events read per query when folding. Large, so a typical job is one query (and a 10,000-event
   * job three, not eleven): every query is a round trip that the fold waits for.
   */
  private static final int PAGE = 5_000;

  /** Jobs whose latest state is kept between loads. */
  private static final int JOBS_KEPT = 1_000;

  private final JobEventStore events;
  private final JobSnapshots snapshots;
  private final int snapshotEvery;
  private final AppendStats stats;
  private final Map<JobId, LoadedJob> latest =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<JobId, LoadedJob> eldest) {
              return size() > JOBS_KEPT;
            }
          });

  public JobRepository(JobEventStore events, JobSnapshots snapshots, int snapshotEvery) {
    this(events, snapshots, snapshotEvery, new AppendStats());
  }

  public JobRepository(
      JobEventStore events, JobSnapshots snapshots, int snapshotEvery, AppendStats stats) {
    this.stats = stats;
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("snapshotEvery must be at least 1");
    }
    this.events = events;
    this.snapshots = snapshots;
    this.snapshotEvery = snapshotEvery;
  }

  /**
   * The job's current state; empty if it has no events. A load that had to fold {@code
   * snapshotEvery} events or more (no usable snapshot: they were deleted by a rebuild, or are of an
   * older format) takes a snapshot of what it folded, so the next load does not fold them again.
   */
  public Optional<LoadedJob> load(JobId jobId) {
    Folded folded = fold(jobId, Long.MAX_VALUE, latest.get(jobId));
    if (folded.job() != null && folded.eventsFolded() >= snapshotEvery) {
      snapshots.save(folded.job().state(), folded.job().head());
    }
    if (folded.job() != null) {
      remember(folded.job());
    }
    return Optional.ofNullable(folded.job());
  }

  /**
   * The latest state of the job this repository has kept from its own loads and appends, without
   * reading: current unless another writer appended since, which an append against it detects (a
   * {@link io.jobtrail.application.event.ConcurrencyConflict}).
   */
  public Optional<LoadedJob> kept(JobId jobId) {
    return Optional.ofNullable(latest.get(jobId));
  }

  /** The job's state as of {@code version} (or its last version, if lower). */
  public Optional<LoadedJob> loadAt(JobId jobId, long version) {
    return Optional.ofNullable(fold(jobId, version, null).job());
  }

  /** Keeps {@code job} as its latest state, unless a later one is kept already. */
  private void remember(LoadedJob job) {
    latest.merge(
        job.state().id(),
        job,
        (kept, offered) -> offered.head().version() >= kept.head().version() ? offered : kept);
  }

  /** A job folded up to a version, and how many events that took beyond its snapshot. */
  private record Folded(@Nullable LoadedJob job, long eventsFolded) {}

  /** Folds from {@code known} (a kept state) when given and not past {@code version}. */
  private Folded fold(JobId jobId, long version, @Nullable LoadedJob known) {
    JobState state = null;
    StreamHead head = StreamHead.EMPTY;
    if (known != null && known.head().version() <= version) {
      state = known.state();
      head = known.head();
    } else {
      var snapshot = snapshots.latest(jobId, version);
      if (snapshot.isPresent()) {
        state = snapshot.get().state();
        head = snapshot.get().head();
      }
    }
    long fromSnapshot = head.version();
    while (head.version() < version) {
      long from = head.version();
      long to = Math.min(version, from + PAGE);
      StreamSlice page = events.readEvents(jobId, from, to);
      for (JobEvent event : page.events()) {
        state = JobEvolution.evolve(state, event);
      }
      if (page.head() != null) {
        head = page.head();
      }
      if (page.events().size() < to - from) {
        break;
      }
    }
    return new Folded(
        state == null ? null : new LoadedJob(state, head), head.version() - fromSnapshot);
  }

  /** The job's state as of a moment: the fold of every event at or before {@code at}. */
  public Optional<LoadedJob> loadAt(JobId jobId, Instant at) {
    long version = events.versionAt(jobId, at);
    return version == 0 ? Optional.empty() : loadAt(jobId, version);
  }

  /**
   * Appends events decided against {@code loaded} (null for a new job).
   *
   * @throws io.jobtrail.application.event.ConcurrencyConflict if another writer was first
   */
  public Appended append(@Nullable LoadedJob loaded, List<NewEvent> newEvents) {
    JobState state = loaded == null ? null : loaded.state();
    for (NewEvent newEvent : newEvents) {
      state = JobEvolution.evolve(state, newEvent.event());
    }
    if (state == null) {
      throw new IllegalArgumentException("nothing to append");
    }
    StreamHead expected = loaded == null ? StreamHead.EMPTY : loaded.head();
    long started = System.nanoTime();
    AppendResult result = events.append(state.id(), expected, newEvents, state);
    stats.record(result.events().size(), System.nanoTime() - started, System.currentTimeMillis());
    if (result.duplicate()) {
      // Already stored by an earlier call: the job may have moved on since, so read it again.
      return new Appended(load(state.id()).orElseThrow(), result);
    }
    if (crossesSnapshotBoundary(expected.version(), result.head().version())) {
      snapshots.save(state, result.head());
    }
    var appended = new LoadedJob(state, result.head());
    remember(appended);
    return new Appended(appended, result);
  }

  private boolean crossesSnapshotBoundary(long before, long after) {
    return after / snapshotEvery > before / snapshotEvery;
  }

  /** Replays a list of events (for callers that already hold them). */
  public static @Nullable JobState fold(List<RecordedEvent> recorded) {
    return JobEvolution.replay(recorded.stream().map(RecordedEvent::event).toList());
  }

  /** The outcome of an append: the job after it, and what the store recorded. */
  public record Appended(LoadedJob job, AppendResult result) {
    public List<JobEvent> events() {
      return result.events().stream().map(RecordedEvent::event).toList();
    }
  }
}
