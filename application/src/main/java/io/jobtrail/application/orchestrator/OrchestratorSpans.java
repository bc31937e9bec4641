package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.StepState;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import org.jspecify.annotations.Nullable;

/** The orchestrator's spans: a new trace per step, linked to the span of the event behind it. */
final class OrchestratorSpans {

  static final AttributeKey<String> JOB_ID = AttributeKey.stringKey("job.id");
  static final AttributeKey<String> STEP = AttributeKey.stringKey("job.step");
  static final AttributeKey<String> ROLE = AttributeKey.stringKey("job.role");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("job.attempt");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("job.attempt.outcome");
  static final AttributeKey<String> INSTANCE = AttributeKey.stringKey("jobtrail.instance");

  private OrchestratorSpans() {}

  /**
   * A root span for work on a job. Each step gets its own trace, so a job that runs for hours does
   * not make one endless trace; the link leads back to what caused it.
   */
  static Span startRoot(
      Tracer tracer, String name, JobId jobId, String instanceId, @Nullable RecordedEvent cause) {
    SpanBuilder builder =
        tracer
            .spanBuilder(name)
            .setNoParent()
            .setAttribute(JOB_ID, jobId.toString())
            .setAttribute(INSTANCE, instanceId);
    SpanContext causeSpan = OrchestratorCommands.spanOf(cause);
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
}
