package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.job.JobCommandHandler.Handled;
import io.jobtrail.application.job.LoadedJob;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentCancellation;
import io.jobtrail.application.port.out.AgentMeter;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.application.usage.PriceTable;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.StepState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs one attempt in a span of its own: {@code StartNextStep}, the agent call, then the outcome
 * recorded by {@link AttemptRecorder}. The span carries the job, step, role and attempt; the
 * commands' spans and the step's log lines belong to its trace.
 */
final class StepRunner {

  /** How long an outcome is kept for a database that is away before the attempt is given up. */
  private static final Duration RECORD_PATIENCE = Duration.ofMinutes(5);

  private final OrchestratorCommands commands;
  private final AgentInvoker invoker;
  private final AttemptRecorder recorder;
  private final JobLogs logs;
  private final Tracer tracer;
  private final OrchestratorMetrics metrics;
  private final String instanceId;
  private final Clock clock;
  private final BooleanSupplier halted;
  private final PriceTable prices;

  StepRunner(
      OrchestratorCommands commands,
      AgentInvoker invoker,
      AttemptRecorder recorder,
      JobLogs logs,
      Tracer tracer,
      OrchestratorMetrics metrics,
      String instanceId,
      Clock clock,
      BooleanSupplier halted,
      PriceTable prices) {
    this.commands = commands;
    this.invoker = invoker;
    this.recorder = recorder;
    this.logs = logs;
    this.tracer = tracer;
    this.metrics = metrics;
    this.instanceId = instanceId;
    this.clock = clock;
    this.halted = halted;
    this.prices = prices;
  }

  Next run(JobRun run, LoadedJob loaded) {
    RecordedEvent cause = commands.eventAt(run, loaded.head().version());
    Span span = OrchestratorSpans.startRoot(tracer, "job.step", run.jobId(), instanceId, cause);
    try (var scope = span.makeCurrent()) {
      return runInSpan(run, cause, span);
    } catch (JobRejected rejected) {
      // The job moved on meanwhile (paused, cancelled, taken over): the next tick looks again.
      span.setAttribute("jobtrail.rejection", rejected.reason().name());
      return Next.now();
    } catch (RuntimeException e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
      throw e;
    } finally {
      span.end();
    }
  }

  private Next runInSpan(JobRun run, @Nullable RecordedEvent cause, Span span) {
    if (halted.getAsBoolean()) {
      return new Next.Done(false, "halted");
    }
    Handled started = commands.handle(run, new JobCommand.StartNextStep(commands.now()), cause);
    JobState state = started.state();
    StepState step =
        Objects.requireNonNull(state.inFlightStep(), "StartNextStep leaves an attempt running");
    RecordedEvent attemptStarted = started.events().getLast();
    OrchestratorSpans.describeStep(span, step);

    var log =
        new JobLogSink(logs, run.jobId(), step.id(), span.getSpanContext(), instanceId, clock);
    var cancellation = new AgentCancellation();
    var meter = new AgentMeter();
    var call =
        new AgentCall(
            run.jobId(),
            step.id(),
            step.attempt(),
            step.role(),
            state.agents().forRole(step.role()),
            Objects.requireNonNull(step.input(), "a started attempt has its input"),
            Duration.ofMillis(state.limits().stepTimeoutMs()),
            log,
            cancellation,
            meter);
    var active = new ActiveCall(step.id(), step.attempt(), cancellation, attemptStarted.version());
    long startedNanos = System.nanoTime();
    AttemptOutcome outcome;
    run.callStarted(active);
    try {
      outcome = invoker.invoke(call, active);
    } finally {
      run.callEnded();
    }
    Duration latency = Duration.ofNanos(System.nanoTime() - startedNanos);
    metrics.attemptFinished(step.role(), failureKind(outcome), latency);
    var report = report(call, meter, latency);
    span.setAttribute(OrchestratorSpans.OUTCOME, label(outcome));
    if (halted.getAsBoolean()) {
      return new Next.Done(false, "halted");
    }
    return recordOutcome(
        run, () -> recorder.record(run, state, step, attemptStarted, outcome, report, log));
  }

  /**
   * Records the attempt's outcome; while the database is away it keeps the outcome and tries again
   * (250 ms doubling up to 2 s) rather than lose the agent's work and run the step again. A retry
   * after a commit whose answer was lost is refused by decide (the attempt is no longer in flight),
   * so nothing is recorded twice. It gives up when the run must end (halted, stopping, lease lost)
   * or after {@link #RECORD_PATIENCE}; the attempt is then recovered as interrupted.
   */
  private Next recordOutcome(JobRun run, Supplier<Next> record) {
    long deadline = System.nanoTime() + RECORD_PATIENCE.toNanos();
    long waitMillis = 250;
    while (true) {
      try {
        return record.get();
      } catch (StoreUnavailable away) {
        if (halted.getAsBoolean() || run.stopping() != null || System.nanoTime() > deadline) {
          throw away;
        }
        try {
          Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw away;
        }
        waitMillis = Math.min(waitMillis * 2, 2_000);
      }
    }
  }

  /**
   * The call's usage, priced, and the environment entry of its agent: its kind, and what it said.
   */
  private AttemptRecorder.CallReport report(AgentCall call, AgentMeter meter, Duration latency) {
    var agent = new LinkedHashMap<String, Object>();
    agent.put("kind", call.spec().kind());
    agent.putAll(meter.environment());
    return new AttemptRecorder.CallReport(prices.price(meter.usage(latency.toMillis())), agent);
  }

  private static @Nullable FailureKind failureKind(AttemptOutcome outcome) {
    return switch (outcome) {
      case AttemptOutcome.Succeeded s -> null;
      case AttemptOutcome.Failed f -> f.kind();
      case AttemptOutcome.Stopped s -> FailureKind.INTERRUPTED;
    };
  }

  private static String label(AttemptOutcome outcome) {
    return switch (outcome) {
      case AttemptOutcome.Succeeded s -> "succeeded";
      case AttemptOutcome.Failed f -> f.kind().name().toLowerCase(java.util.Locale.ROOT);
      case AttemptOutcome.Stopped s -> "stopped: " + s.reason().description();
    };
  }
}
