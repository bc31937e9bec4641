package io.jobtrail.application.testing;

import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.application.log.LogLine;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.domain.job.JobId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each job's log in memory; one lock numbers and stores the lines of an append together. */
public final class InMemoryJobLogs implements JobLogs {

  private final Map<JobId, List<JobLogEntry>> logs = new HashMap<>();

  @Override
  public synchronized List<JobLogEntry> append(JobId jobId, List<LogLine> lines) {
    List<JobLogEntry> log = logs.computeIfAbsent(jobId, id -> new ArrayList<>());
    var appended = new ArrayList<JobLogEntry>(lines.size());
    for (LogLine line : lines) {
      var entry = JobLogEntry.of(jobId, log.size() + 1L, line);
      log.add(entry);
      appended.add(entry);
    }
    return appended;
  }

  @Override
  public synchronized List<JobLogEntry> read(JobId jobId, long afterSequence, int limit) {
    List<JobLogEntry> log = logs.getOrDefault(jobId, List.of());
    int from = (int) Math.min(Math.max(afterSequence, 0), log.size());
    return List.copyOf(log.subList(from, Math.min(log.size(), from + Math.max(limit, 0))));
  }
}
