package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.StepState;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The orchestrator's commands and spans. Commands are sent as the system component {@value #ACTOR}:
 * each names the event that caused it ({@code causationId}) and carries on that event's correlation
 * (or the job's id). Each step or recovery runs in a new trace linked to the span of that event.
 */
final class OrchestratorCommands {

  static final String ACTOR = "orchestrator";
  static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("job.id");
  static final AttributeKey<String> STEP = AttributeKey.stringKey("job.step");
  static final AttributeKey<String> ROLE = AttributeKey.stringKey("job.role");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("job.attempt");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("job.attempt.outcome");
  static final AttributeKey<String> INSTANCE = AttributeKey.stringKey("jobtrail.instance");

  private final JobCommandHandler handler;
  private final JobEventStore events;
  private final Tracer tracer;
  private final String instanceId;
  private final Clock clock;

  OrchestratorCommands(
      JobCommandHandler handler,
      JobEventStore events,
      Tracer tracer,
      String instanceId,
      Clock clock) {
    this.handler = handler;
    this.events = events;
    this.tracer = tracer;
    this.instanceId = instanceId;
    this.clock = clock;
  }

  /** The time for a command, at the store's precision (microseconds). */
  Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  JobCommandHandler.Handled handle(JobId jobId, JobCommand command, @Nullable RecordedEvent cause) {
    return handle(jobId, command, cause, null);
  }

  /** As {@link #handle}, for the outcome of a call by {@code agent} (its environment entry). */
  JobCommandHandler.Handled handle(
      JobId jobId,
      JobCommand command,
      @Nullable RecordedEvent cause,
      @Nullable Map<String, Object> agent) {
    CommandOrigin origin = origin(jobId, cause);
    return handler.handle(jobId, command, agent == null ? origin : origin.withAgent(agent));
  }

  /** The job's event at {@code version}, or null if it has none. */
  @Nullable RecordedEvent eventAt(JobId jobId, long version) {
    List<RecordedEvent> found = events.readStreamRange(jobId, version - 1, version);
    return found.isEmpty() ? null : found.getLast();
  }

  /**
   * A root span for work on a job ({@code job.step}, {@code job.recover}). Each step gets its own
   * trace, so a job that runs for hours does not make one endless trace; the link leads back to the
   * span of the event that caused it.
   */
  Span startSpan(String name, JobId jobId, @Nullable RecordedEvent cause) {
    SpanBuilder builder =
        tracer
            .spanBuilder(name)
            .setNoParent()
            .setAttribute(JOB_ID, jobId.toString())
            .setAttribute(INSTANCE, instanceId);
    SpanContext causeSpan = spanOf(cause);
    if (causeSpan.isValid()) {
      builder.addLink(causeSpan);
    }
    return builder.startSpan();
  }

  static void describeStep(Span span, StepState step) {
    span.setAttribute(STEP, step.id().value());
    span.setAttribute(ROLE, step.role().name());
    span.setAttribute(ATTEMPT, (long) step.attempt());
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
  private static SpanContext spanOf(@Nullable RecordedEvent event) {
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
