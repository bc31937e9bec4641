package io.jobtrail.application.orchestrator;

import io.jobtrail.application.log.LogLevel;
import io.jobtrail.application.log.LogLine;
import io.jobtrail.application.port.out.AgentLog;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.StepId;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a step's log lines to the job's log as they come, each with the step, the span that
 * produced it and this instance. A line that cannot be stored is reported here and dropped: logs
 * never fail a step.
 */
final class JobLogSink implements AgentLog {

  private static final System.Logger LOG = System.getLogger(JobLogSink.class.getName());

  private final JobLogs logs;
  private final JobId jobId;
  private final @Nullable StepId stepId;
  private final SpanContext span;
  private final String instanceId;
  private final Clock clock;

  JobLogSink(
      JobLogs logs,
      JobId jobId,
      @Nullable StepId stepId,
      SpanContext span,
      String instanceId,
      Clock clock) {
    this.logs = logs;
    this.jobId = jobId;
    this.stepId = stepId;
    this.span = span;
    this.instanceId = instanceId;
    this.clock = clock;
  }

  @Override
  public void log(LogLevel level, String message) {
    var line =
        new LogLine(
            clock.instant().truncatedTo(ChronoUnit.MICROS),
            level,
            stepId == null ? null : stepId.value(),
            message,
            span.isValid() ? span.getTraceId() : null,
            span.isValid() ? span.getSpanId() : null,
            instanceId);
    try {
      logs.append(jobId, List.of(line));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not store a log line of job " + jobId, e);
    }
  }
}
