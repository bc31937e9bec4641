package io.jobtrail.application.log;

import io.jobtrail.application.port.in.QueryJobLogs;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.domain.job.JobId;
import java.util.List;

/** Reads a job's log lines after a sequence number, a bounded page at a time. */
public final class JobLogService implements QueryJobLogs {

  private static final int MAX_PAGE = 1_000;

  private final JobLogs logs;

  public JobLogService(JobLogs logs) {
    this.logs = logs;
  }

  @Override
  public List<JobLogEntry> logs(JobId jobId, long afterSequence, int limit) {
    return logs.read(jobId, Math.max(0, afterSequence), Math.max(1, Math.min(limit, MAX_PAGE)));
  }
}
