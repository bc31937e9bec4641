package io.jobtrail.application.testing;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The job summaries in memory, each beside the stream head it was written at (as the database keeps
 * them in one row). Written by {@link InMemoryJobEventStore} with every append.
 *
 * <p>Filters: {@code nameContains} is a case-insensitive substring (no wildcards); the created
 * range is half-open, {@code createdAfter <= createdAt < createdBefore}.
 */
public final class InMemoryJobSummaries implements JobSummaries {

  /** Newest first: by creation time, then by job id, both descending. */
  static final Comparator<JobSummary> NEWEST_FIRST =
      Comparator.comparing(JobSummary::createdAt)
          .thenComparing(JobSummary::jobId, InMemoryJobEventStore::compareUnsigned)
          .reversed();

  private record Row(JobSummary summary, StreamHead head) {}

  private final ConcurrentHashMap<JobId, Row> rows = new ConcurrentHashMap<>();

  /** Writes the summary of a job at {@code head}; called in the append. */
  void write(JobSummary summary, StreamHead head) {
    rows.put(summary.jobId(), new Row(summary, head));
  }

  /** The stream head the job's summary was last written at. */
  /** Every job's head, for the in-memory head checkpoints. */
  java.util.Map<JobId, StreamHead> heads() {
    var heads = new java.util.HashMap<JobId, StreamHead>();
    rows.forEach((id, row) -> heads.put(id, row.head()));
    return heads;
  }

  public Optional<StreamHead> head(JobId jobId) {
    return Optional.ofNullable(rows.get(jobId)).map(Row::head);
  }

  @Override
  public Optional<JobSummary> find(JobId jobId) {
    return Optional.ofNullable(rows.get(jobId)).map(Row::summary);
  }

  @Override
  public List<JobSummary> findAll(Collection<JobId> jobIds) {
    return jobIds.stream().distinct().flatMap(id -> find(id).stream()).toList();
  }

  @Override
  public List<JobSummary> list(
      JobFilter filter, JobSort sort, JobSummary.@Nullable Cursor after, int limit) {
    Comparator<JobSummary> order = order(sort);
    return rows.values().stream()
        .map(Row::summary)
        .filter(matches(filter))
        .filter(after == null ? s -> true : s -> isAfter(s, sort, after))
        .sorted(order)
        .limit(Math.max(0, limit))
        .toList();
  }

  /** Descending by the sort key, then by job id. */
  private static Comparator<JobSummary> order(JobSort sort) {
    return Comparator.<JobSummary>comparingLong(s -> s.cursor(sort).key())
        .thenComparing(JobSummary::jobId, InMemoryJobEventStore::compareUnsigned)
        .reversed();
  }

  private static boolean isAfter(JobSummary summary, JobSort sort, JobSummary.Cursor cursor) {
    long key = summary.cursor(sort).key();
    return key < cursor.key()
        || (key == cursor.key()
            && InMemoryJobEventStore.compareUnsigned(summary.jobId(), cursor.jobId()) < 0);
  }

  private static Predicate<JobSummary> matches(JobFilter filter) {
    String name = filter.nameContains();
    String needle = name == null || name.isEmpty() ? null : name.toLowerCase(Locale.ROOT);
    return s ->
        (filter.statuses().isEmpty() || filter.statuses().contains(s.shownStatus()))
            && (needle == null || s.name().toLowerCase(Locale.ROOT).contains(needle))
            && (filter.createdAfter() == null || !s.createdAt().isBefore(filter.createdAfter()))
            && (filter.createdBefore() == null || s.createdAt().isBefore(filter.createdBefore()));
  }

  @Override
  public long count(JobFilter filter) {
    return rows.values().stream().map(Row::summary).filter(matches(filter)).count();
  }

  @Override
  public Map<JobView.Status, Long> countByShownStatus(JobFilter filter) {
    var counts = new EnumMap<JobView.Status, Long>(JobView.Status.class);
    rows.values().stream()
        .map(Row::summary)
        .filter(matches(filter))
        .forEach(s -> counts.merge(s.shownStatus(), 1L, Long::sum));
    return counts;
  }

  @Override
  public Map<JobStatus, Long> countByStatus() {
    var counts = new java.util.EnumMap<JobStatus, Long>(JobStatus.class);
    rows.values().forEach(row -> counts.merge(row.summary().status(), 1L, Long::sum));
    return counts;
  }

  @Override
  public List<JobSummary> replaysOf(JobId original) {
    return rows.values().stream()
        .map(Row::summary)
        .filter(s -> original.equals(s.originJobId()))
        .sorted(NEWEST_FIRST.reversed())
        .toList();
  }

  @Override
  public boolean rebuild(JobState state, StreamHead head) {
    // The log is the truth: a missing or disagreeing row is rewritten, but a head is never moved
    // back past an append that happened since the state was folded.
    var wrote = new boolean[1];
    rows.compute(
        state.id(),
        (id, row) -> {
          if (row != null && row.head().version() > head.version()) {
            return row;
          }
          wrote[0] = true;
          return new Row(JobSummary.of(state), head);
        });
    return wrote[0];
  }
}
