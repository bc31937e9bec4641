package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.LoadedJob;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.StepState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Closes an attempt that was left in flight, so its step runs again as a new attempt (SPEC §4).
 *
 * <p>A tick always ends the attempt it started, so an attempt found in flight at the start of a
 * tick was orphaned: its instance died or lost the lease, or recording its result failed. Nobody
 * can know whether the agent finished, so the attempt is recorded as {@link
 * FailureKind#INTERRUPTED}: the step is retried at once and the lost attempt does not count against
 * the attempt limit (an instance crash says nothing about the step). The price: a step that kills
 * its instance every time is retried until someone cancels the job.
 */
final class AttemptRecovery {

  private final OrchestratorCommands commands;
  private final JobLogs logs;
  private final Tracer tracer;
  private final OrchestratorMetrics metrics;
  private final String instanceId;
  private final Clock clock;
  private final BooleanSupplier halted;

  AttemptRecovery(
      OrchestratorCommands commands,
      JobLogs logs,
      Tracer tracer,
      OrchestratorMetrics metrics,
      String instanceId,
      Clock clock,
      BooleanSupplier halted) {
    this.commands = commands;
    this.logs = logs;
    this.tracer = tracer;
    this.metrics = metrics;
    this.instanceId = instanceId;
    this.clock = clock;
    this.halted = halted;
  }

  void recover(JobRun run, LoadedJob loaded, StepState inFlight) {
    RecordedEvent cause = commands.eventAt(run, loaded.head().version());
    Span span = OrchestratorSpans.startRoot(tracer, "job.recover", run.jobId(), instanceId, cause);
    OrchestratorSpans.describeStep(span, inFlight);
    try (var scope = span.makeCurrent()) {
      String error =
          "interrupted: attempt "
              + inFlight.attempt()
              + " was left running by an instance that stopped or lost the job; the step runs"
              + " again as a new attempt";
      if (halted.getAsBoolean()) {
        return;
      }
      commands.handle(
          run,
          new JobCommand.FailAttempt(
              inFlight.id(),
              inFlight.attempt(),
              FailureKind.INTERRUPTED,
              error,
              Duration.ZERO,
              commands.now()),
          cause);
      new JobLogSink(logs, run.jobId(), inFlight.id(), span.getSpanContext(), instanceId, clock)
          .warn("recovered step " + inFlight.id() + ": " + error);
      metrics.attemptRecovered(inFlight.role());
    } catch (JobRejected rejected) {
      // Someone else closed it first (a cancel, another instance): the next tick looks again.
      span.setStatus(StatusCode.ERROR, rejected.getMessage());
    } finally {
      span.end();
    }
  }
}
