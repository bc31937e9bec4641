package io.jobtrail.application.log;

import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A stored log line: {@code sequence} is its place in the job's log (1, 2, 3..., no gaps). */
public record JobLogEntry(
    JobId jobId,
    long sequence,
    Instant at,
    LogLevel level,
    @Nullable String stepId,
    String message,
    @Nullable String traceId,
    @Nullable String spanId,
    String instanceId) {

  public static JobLogEntry of(JobId jobId, long sequence, LogLine line) {
    return new JobLogEntry(
        jobId,
        sequence,
        line.at(),
        line.level(),
        line.stepId(),
        line.message(),
        line.traceId(),
        line.spanId(),
        line.instanceId());
  }
}
