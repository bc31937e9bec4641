package io.jobtrail.application.port.out;

import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.event.StreamSlice;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The job event log: append-only, ordered per job (versions 1..n, no gaps) and globally
 * (positions), hash-chained per job.
 */
public interface JobEventStore {

  /**
   * Appends {@code events} after {@code expected}, and writes the job summary for {@code
   * stateAfter} in the same transaction.
   *
   * <p>Idempotent: if every event id is already stored, nothing is written and the original
   * positions are returned.
   *
   * @throws ConcurrencyConflict if the stream's head is not {@code expected}
   */
  AppendResult append(JobId jobId, StreamHead expected, List<NewEvent> events, JobState stateAfter);

  /** A job's events with version greater than {@code afterVersion}, oldest first, at most limit. */
  List<RecordedEvent> readStream(JobId jobId, long afterVersion, int limit);

  /**
   * A job's events stored after global position {@code afterPosition}, in version order. (A job's
   * positions grow with its versions: its appends are serialised by its stream head.)
   */
  List<RecordedEvent> readStreamAfterPosition(JobId jobId, long afterPosition, int limit);

  /** A job's events with version in ({@code afterVersion}, {@code toVersion}], oldest first. */
  List<RecordedEvent> readStreamRange(JobId jobId, long afterVersion, long toVersion);

  /**
   * The events of {@link #readStreamRange} without their envelopes, and the head after the last:
   * what reconstruction folds. A store may read less for it (no metadata, no per-event hashes).
   */
  default StreamSlice readEvents(JobId jobId, long afterVersion, long toVersion) {
    List<RecordedEvent> range = readStreamRange(jobId, afterVersion, toVersion);
    if (range.isEmpty()) {
      return new StreamSlice(List.of(), null);
    }
    RecordedEvent last = range.getLast();
    return new StreamSlice(
        range.stream().map(RecordedEvent::event).toList(),
        new StreamHead(last.version(), last.hash()));
  }

  /** The version of the job's last event at or before {@code at}; 0 if none. */
  long versionAt(JobId jobId, Instant at);

  /**
   * Events of all jobs after the cursor, in global order (see {@link GlobalCursor}), at most limit.
   * Never returns an event while an event before it in that order may still commit: a reader that
   * resumes from the cursor of the last event it saw misses nothing and sees nothing twice.
   */
  List<RecordedEvent> readAll(GlobalCursor after, int limit);

  /**
   * True if the first event after the cursor has committed but {@link #readAll} may not return it
   * yet, because a transaction that began before it is still open. That transaction may append
   * nothing (a lease renewal, a log line, a consumer's checkpoint) and so wake no reader when it
   * ends: a reader that got fewer events than it asked for checks this to look again soon rather
   * than at its next poll. Asked from where such a read left off, it costs one index entry however
   * long the log is: a reader may ask it after every read.
   */
  boolean readHeldBack(GlobalCursor after);

  /** The cursor of the last event a reader may safely have read now ({@code START} if none). */
  GlobalCursor latestCursor();

  /**
   * The version of each job's last event, in one read; a job with no events is left out. For
   * watching many jobs at once: only a job whose version moved needs its stream read.
   */
  Map<JobId, Long> versions(Collection<JobId> jobIds);

  /** Checks the job's hash chain from its first event. */
  ChainVerification verifyChain(JobId jobId);

  /**
   * The ids of jobs that have events, in id order, starting after {@code after} (from the first if
   * null). The order is PostgreSQL's uuid order: the 16 bytes as an unsigned number.
   */
  List<JobId> jobIds(@Nullable JobId after, int limit);
}
