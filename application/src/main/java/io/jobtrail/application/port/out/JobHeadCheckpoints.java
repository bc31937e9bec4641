package io.jobtrail.application.port.out;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.readmodel.RecordedHead;
import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Periodic, append-only checkpoints of every job's stream head, kept apart from the head itself: a
 * log shorter than a recorded head has lost its tail. Exported, they prove it even if the
 * database's copies were altered too.
 */
public interface JobHeadCheckpoints {

  /**
   * Records the current head of every job whose head moved since it was last recorded.
   *
   * @return how many heads were recorded
   */
  int record(Instant at);

  /** The highest head recorded for the job. */
  Optional<StreamHead> latest(JobId jobId);

  /** The highest recorded head of each job, by job id after {@code after} (null: the first). */
  List<RecordedHead> latestHeads(@Nullable JobId after, int limit);
}
