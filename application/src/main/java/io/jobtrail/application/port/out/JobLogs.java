package io.jobtrail.application.port.out;

import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.application.log.LogLine;
import io.jobtrail.domain.job.JobId;
import java.util.List;

/** Each job's log: append-only, numbered 1, 2, 3... per job without gaps. */
public interface JobLogs {

  /**
   * Appends {@code lines} in order after the job's last line. Concurrent appends to one job are
   * serialised: a reader never sees sequence {@code n + 1} before {@code n}.
   */
  List<JobLogEntry> append(JobId jobId, List<LogLine> lines);

  /**
   * The job's lines with a sequence greater than {@code afterSequence}, in order, at most limit.
   */
  List<JobLogEntry> read(JobId jobId, long afterSequence, int limit);
}
