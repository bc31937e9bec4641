package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobId;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The orchestrator's commands, sent as the system component {@value #ACTOR}: each names the event
 * that caused it ({@code causationId}) and carries on that event's correlation (or the job's id).
 */
final class OrchestratorCommands {

  static final String ACTOR = "orchestrator";

  private final JobCommandHandler handler;
  private final JobEventStore events;
  private final Clock clock;

  OrchestratorCommands(JobCommandHandler handler, JobEventStore events, Clock clock) {
    this.handler = handler;
    this.events = events;
    this.clock = clock;
  }

  /** The time for a command, at the store's precision (microseconds). */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  JobCommandHandler.Handled handle(JobRun run, JobCommand command, @Nullable RecordedEvent cause) {
    return handle(run, command, cause, null);
  }

  /** As {@link #handle}, for the outcome of a call by {@code agent} (its environment entry). */
  JobCommandHandler.Handled handle(
      JobRun run,
      JobCommand command,
      @Nullable RecordedEvent cause,
      @Nullable Map<String, Object> agent) {
    CommandOrigin origin = origin(run.jobId(), cause);
    JobCommandHandler.Handled handled =
        handler.handle(run.jobId(), command, agent == null ? origin : origin.withAgent(agent));
    if (!handled.events().isEmpty()) {
      run.lastEvent = handled.events().getLast();
    }
    return handled;
  }

  /** The job's event at {@code version}, remembered from this run's last command when it is. */
  @Nullable RecordedEvent eventAt(JobRun run, long version) {
    RecordedEvent last = run.lastEvent;
    if (last != null && last.version() == version) {
      return last;
    }
    List<RecordedEvent> found = events.readStreamRange(run.jobId(), version - 1, version);
    RecordedEvent event = found.isEmpty() ? null : found.getLast();
    run.lastEvent = event;
    return event;
  }

  static CommandOrigin origin(JobId jobId, @Nullable RecordedEvent cause) {
    if (cause == null) {
      return new CommandOrigin(ACTOR, null, jobId.toString());
    }
    String correlation = cause.metadata().correlationId();
    return new CommandOrigin(
        ACTOR, cause.eventId().toString(), correlation != null ? correlation : jobId.toString());
  }

  /** The span that recorded {@code event}, to link a new trace to; invalid if it has none. */
  static SpanContext spanOf(@Nullable RecordedEvent event) {
    if (event == null || event.metadata().traceId() == null || event.metadata().spanId() == null) {
      return SpanContext.getInvalid();
    }
    return SpanContext.createFromRemoteParent(
        event.metadata().traceId(),
        event.metadata().spanId(),
        TraceFlags.getSampled(),
        TraceState.getDefault());
  }
}
