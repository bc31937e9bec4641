package io.jobtrail.application.port.in;

import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.domain.job.JobId;
import java.util.List;

/** A job's log lines (agents' output and the orchestrator's notes), in order. */
public interface QueryJobLogs {

  /** Lines with a sequence greater than {@code afterSequence}, at most {@code limit} (≤ 1000). */
  List<JobLogEntry> logs(JobId jobId, long afterSequence, int limit);
}
