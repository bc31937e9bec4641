package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.job.JobCommandHandler.Handled;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.LoadedJob;
import io.jobtrail.application.port.out.AgentCall;
import io.jobtrail.application.port.out.AgentCancellation;
import io.jobtrail.application.port.out.AgentMeter;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.application.usage.PriceTable;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.Pipeline;
import io.jobtrail.domain.job.StepState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A job this instance holds the lease on, driven by one virtual thread from claim to release. The
 * whole story of a job on this instance is {@link #drive}, read top to bottom (see package-info).
 *
 * <p>Other threads talk to a loop only through {@link #wake} (look at the job again now), {@link
 * #drain} (end at the next turn), {@link #stop} (also stop the running agent call), {@link #halt}
 * (as if the process died) and the lease's renewal. Everything else belongs to the loop's thread.
 */
final class JobLoop implements Runnable {

  private static final System.Logger LOG = System.getLogger(JobLoop.class.getName());

  /** What the loops of one instance share; built once by {@link Orchestrator}. */
  record Engine(
      String instanceId,
      JobRepository repository,
      OrchestratorCommands commands,
      AttemptRecorder recorder,
      AgentRuntime agents,
      ExecutorService callThreads,
      Semaphore callPermits,
      JobLeases leases,
      JobLogs logs,
      OrchestratorMetrics metrics,
      Clock clock,
      PriceTable prices,
      RecordedOutputs outputs,
      Map<JobId, JobLoop> loops) {}

  private final JobId jobId;
  private final Engine engine;
  private final Semaphore wakeUps = new Semaphore(0);
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Instant leaseExpiresAt;
  private volatile @Nullable StopReason stopping;
  private volatile boolean halted;
  private volatile @Nullable AgentInvocation call;

  // Only the loop's thread reads and writes these.
  private @Nullable RecordedEvent lastEvent;
  private int failures;
  private boolean readAgain = true;

  JobLoop(JobId jobId, Instant leaseExpiresAt, Engine engine) {
    this.jobId = jobId;
    this.leaseExpiresAt = leaseExpiresAt;
    this.engine = engine;
  }

  @Override
  public void run() {
    String why;
    try {
      why = drive();
    } catch (InterruptedException e) {
      why = halted ? "halted" : "the instance stopped";
    }
    letGo(why);
  }

  /** The loop. Returns why it lets go of the job. */
  private String drive() throws InterruptedException {
    while (true) {
      if (halted) {
        return "halted";
      }
      StopReason stop = stopping;
      if (stop != null) {
        return stop.description();
      }
      if (now().isAfter(leaseExpiresAt)) {
        stopping = StopReason.LEASE_LOST;
        return "the lease expired before it could be renewed";
      }
      try {
        LoadedJob loaded = look().orElse(null);
        if (loaded == null) {
          return "the job does not exist";
        }
        JobState job = loaded.state();
        if (job.status() == JobStatus.AWAITING_APPROVAL) {
          Instant deadline = job.approvalDeadline();
          if (deadline == null || deadline.isAfter(now())) {
            // No lease is held while a person decides; a deadline makes the job claimable again.
            return "the job awaits approval" + (deadline == null ? "" : " until " + deadline);
          }
          timeOutApproval(loaded);
          failures = 0;
          continue;
        }
        if (job.status() != JobStatus.RUNNING) {
          return "the job is " + job.status();
        }
        StepState inFlight = job.inFlightStep();
        Instant due = job.nextAttemptDueAt();
        if (inFlight != null) {
          recover(loaded, inFlight);
        } else if (Pipeline.approvalDue(job) != null) {
          requestApproval(loaded);
        } else if (due == null) {
          return "the job has nothing to run";
        } else if (due.isAfter(now())) {
          park(Duration.between(now(), due));
        } else {
          runNextStep(loaded);
        }
        failures = 0;
      } catch (StoreUnavailable e) {
        // The database is away: nothing was recorded, so nothing is lost. Look again soon (the
        // orchestrator says once that the database is away).
        readAgain = true;
        Duration wait = backoff(250, 2_000);
        LOG.log(System.Logger.Level.DEBUG, () -> "job " + jobId + ": database away, " + wait);
        park(wait);
      } catch (RuntimeException e) {
        if (halted) {
          return "halted";
        }
        readAgain = true;
        Duration wait = backoff(500, 30_000);
        LOG.log(System.Logger.Level.WARNING, "job " + jobId + " failed, again in " + wait, e);
        park(wait);
      }
    }
  }

  /**
   * The job as the turn sees it. Read on the first turn and after a failure; otherwise the state
   * the loop's own last command left, as the repository kept it, with no read. A command sent
   * elsewhere since (another instance) is not in it, and need not be: the next command is checked
   * against the job's head when appended, and on a conflict decided again on the job as read, so a
   * stale turn can only end in a rejection, after which the next turn sees the job as it is.
   */
  private Optional<LoadedJob> look() {
    Optional<LoadedJob> kept = readAgain ? Optional.empty() : engine.repository().kept(jobId);
    readAgain = false;
    return kept.isPresent() ? kept : engine.repository().load(jobId);
  }

  /**
   * Closes an attempt left in flight, so its step runs again as a new attempt (SPEC §4). A loop
   * always ends the attempt it started, so an attempt in flight at the top of the loop was
   * orphaned: its instance died or lost the lease, or recording its outcome failed. Nobody knows
   * whether the agent finished, so it is recorded {@link FailureKind#INTERRUPTED}: retried at once,
   * and not counted against the attempt limit (an instance crash says nothing about the step). The
   * price: a step that kills its instance every time is retried until someone cancels the job.
   */
  private void recover(LoadedJob loaded, StepState inFlight) {
    RecordedEvent cause = eventAt(loaded.head().version());
    Span span = engine.commands().startSpan("job.recover", jobId, cause);
    OrchestratorCommands.describeStep(span, inFlight);
    try (var scope = span.makeCurrent()) {
      String error =
          "interrupted: attempt "
              + inFlight.attempt()
              + " was left running by an instance that stopped or lost the job; the step runs"
              + " again as a new attempt";
      send(
          new JobCommand.FailAttempt(
              inFlight.id(),
              inFlight.attempt(),
              FailureKind.INTERRUPTED,
              error,
              Duration.ZERO,
              now()),
          cause);
      logSink(inFlight, span).warn("recovered step " + inFlight.id() + ": " + error);
      engine.metrics().attemptRecovered(inFlight.role());
    } catch (JobRejected rejected) {
      // Someone else closed it first (a cancel, another instance): the next turn looks again.
      span.setStatus(StatusCode.ERROR, rejected.getMessage());
    } finally {
      span.end();
    }
  }

  /**
   * The job's policy asks for an approval before its next step: it is asked for, and the job waits
   * (AWAITING_APPROVAL: the next turn lets go of it). No agent is called, so no permit is taken.
   */
  private void requestApproval(LoadedJob loaded) {
    decideBetweenSteps("job.approval.request", new JobCommand.RequestApproval(now()), loaded);
  }

  /**
   * Nobody decided before the approval's deadline: the policy's {@code onTimeout} decides, recorded
   * by the system. Any instance may get here (the job is claimable once its deadline passed); the
   * event store lets one decision win, and a loser's command is rejected (NOT_AWAITING_APPROVAL).
   */
  private void timeOutApproval(LoadedJob loaded) {
    decideBetweenSteps("job.approval.timeout", new JobCommand.TimeOutApproval(now()), loaded);
  }

  private void decideBetweenSteps(String spanName, JobCommand command, LoadedJob loaded) {
    RecordedEvent cause = eventAt(loaded.head().version());
    Span span = engine.commands().startSpan(spanName, jobId, cause);
    try (var scope = span.makeCurrent()) {
      send(command, cause);
    } catch (JobRejected rejected) {
      // Someone decided first (an operator, another instance): the next turn looks again.
      span.setAttribute("jobtrail.rejection", rejected.reason().name());
    } finally {
      span.end();
    }
  }

  /**
   * One attempt, in a span of its own: a permit for an agent call, {@code StartNextStep}, the call
   * (at most the step timeout), then its outcome recorded by {@link AttemptRecorder}. The permit is
   * held for the whole attempt, so {@code workers} bounds the attempts in progress.
   */
  private void runNextStep(LoadedJob loaded) throws InterruptedException {
    boolean waited = !engine.callPermits().tryAcquire();
    if (waited) {
      engine.callPermits().acquire();
    }
    try {
      if (stopping != null || halted || (waited && movedOn(loaded))) {
        return; // Look again from the top.
      }
      RecordedEvent cause = eventAt(loaded.head().version());
      Span span = engine.commands().startSpan("job.step", jobId, cause);
      try (var scope = span.makeCurrent()) {
        attempt(cause, span);
      } catch (JobRejected rejected) {
        // The job moved on meanwhile (paused, cancelled, taken over): the next turn looks again.
        span.setAttribute("jobtrail.rejection", rejected.reason().name());
      } catch (RuntimeException e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
        throw e;
      } finally {
        span.end();
      }
    } finally {
      engine.callPermits().release();
    }
  }

  /** True if the job has a newer event than {@code loaded} (a command came while this waited). */
  private boolean movedOn(LoadedJob loaded) {
    return engine
        .repository()
        .load(jobId)
        .map(now -> now.head().version() != loaded.head().version())
        .orElse(true);
  }

  private void attempt(@Nullable RecordedEvent cause, Span span) throws InterruptedException {
    Handled started = send(new JobCommand.StartNextStep(now()), cause);
    JobState job = started.state();
    StepState step =
        Objects.requireNonNull(job.inFlightStep(), "StartNextStep leaves an attempt running");
    RecordedEvent attemptStarted = started.events().getLast();
    OrchestratorCommands.describeStep(span, step);
    JobLogSink log = logSink(step, span);
    RecordedOutputs.Reusable reusable = engine.outputs().find(job, step).orElse(null);
    if (reusable != null) {
      // A replay whose step has the original's input: its recorded output, and no call.
      span.setAttribute(OrchestratorCommands.OUTCOME, "reused");
      engine.recorder().reused(this, step, attemptStarted, reusable, log);
      return;
    }
    var meter = new AgentMeter();
    var agentCall =
        new AgentCall(
            jobId,
            step.id(),
            step.attempt(),
            step.role(),
            job.agents().forRole(step.role()),
            Objects.requireNonNull(step.input(), "a started attempt has its input"),
            Duration.ofMillis(job.limits().stepTimeoutMs()),
            log,
            new AgentCancellation(),
            meter);

    long startedNanos = System.nanoTime();
    AttemptOutcome outcome = callAgent(agentCall, attemptStarted.version());
    Duration latency = Duration.ofNanos(System.nanoTime() - startedNanos);
    engine.metrics().attemptFinished(step.role(), failureKind(outcome), latency);
    span.setAttribute(OrchestratorCommands.OUTCOME, label(outcome));
    if (halted) {
      return;
    }
    var report = report(agentCall, meter, latency);
    engine.recorder().record(this, job, step, attemptStarted, outcome, report, log);
  }

  /**
   * The call's usage, priced, and the environment entry of its agent: its kind, and what it said.
   */
  private AttemptRecorder.CallReport report(AgentCall call, AgentMeter meter, Duration latency) {
    var agent = new LinkedHashMap<String, Object>();
    agent.put("kind", call.spec().kind());
    agent.putAll(meter.environment());
    return new AttemptRecorder.CallReport(
        engine.prices().price(meter.usage(latency.toMillis())), agent);
  }

  private AttemptOutcome callAgent(AgentCall agentCall, long startedAtVersion)
      throws InterruptedException {
    var running = AgentInvocation.of(engine.agents(), agentCall, startedAtVersion);
    // Published before the agent runs: a command that comes once it runs finds the call to stop.
    call = running;
    StopReason stop = stopping;
    if (stop != null) {
      running.stop(stop); // Told to stop between the top of the loop and now.
    }
    running.start(engine.callThreads());
    try {
      return running.await();
    } finally {
      call = null;
    }
  }

  /** Waits until {@code duration} has passed, or at once if woken since the last park. */
  private void park(Duration duration) throws InterruptedException {
    wakeUps.tryAcquire(duration.toNanos(), TimeUnit.NANOSECONDS);
    wakeUps.drainPermits();
  }

  /** The wait after the {@code n}-th failure in a row: {@code first} doubling up to {@code max}. */
  private Duration backoff(long firstMillis, long maxMillis) {
    failures++;
    return Duration.ofMillis(Math.min(firstMillis << Math.min(failures - 1, 6), maxMillis));
  }

  /** Sends one of the job's commands; its last event is the cause of the next. */
  Handled send(JobCommand command, @Nullable RecordedEvent cause) {
    return send(command, cause, null);
  }

  /** As {@link #send}, for the outcome of a call by {@code agent} (its environment entry). */
  Handled send(
      JobCommand command, @Nullable RecordedEvent cause, @Nullable Map<String, Object> agent) {
    Handled handled = engine.commands().handle(jobId, command, cause, agent);
    if (!handled.events().isEmpty()) {
      lastEvent = handled.events().getLast();
    }
    return handled;
  }

  /** The job's event at {@code version}, remembered from the loop's last command when it is. */
  private @Nullable RecordedEvent eventAt(long version) {
    RecordedEvent last = lastEvent;
    if (last == null || last.version() != version) {
      lastEvent = engine.commands().eventAt(jobId, version);
    }
    return lastEvent;
  }

  private JobLogSink logSink(StepState step, Span span) {
    return new JobLogSink(
        engine.logs(),
        jobId,
        step.id(),
        span.getSpanContext(),
        engine.instanceId(),
        engine.clock());
  }

  private Instant now() {
    return engine.commands().now();
  }

  // --- Called from other threads ---

  JobId jobId() {
    return jobId;
  }

  @Nullable AgentInvocation call() {
    return call;
  }

  /** True once the loop must end: recording gives up waiting for an away database then. */
  boolean ending() {
    return halted || stopping != null;
  }

  void leaseRenewed(Instant expiresAt) {
    leaseExpiresAt = expiresAt;
  }

  /** Looks at the job again now (a command concerns it), or right after the current turn. */
  void wake() {
    wakeUps.release();
  }

  /** Ends the loop at its next turn, letting a running agent call finish and be recorded. */
  void drain(StopReason reason) {
    stopping = reason;
    wake();
  }

  /** Ends the loop and stops its running agent call, whose outcome is recorded as stopped. */
  void stop(StopReason reason) {
    stopping = reason;
    AgentInvocation running = call;
    if (running != null) {
      running.stop(reason);
    }
    wake();
  }

  /** From now on the loop records nothing and releases nothing; the orchestrator interrupts it. */
  void halt() {
    halted = true;
  }

  /**
   * Ends this run once: the lease is released first (unless halted or lost), so no poll of this
   * instance sees the job free while it is still here.
   */
  void letGo(String why) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    if (!halted && stopping != StopReason.LEASE_LOST) {
      try {
        engine.leases().release(jobId, engine.instanceId());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "could not release the lease of " + jobId, e);
      }
    }
    engine.loops().remove(jobId, this);
    LOG.log(System.Logger.Level.DEBUG, () -> "let go of job " + jobId + ": " + why);
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
      case AttemptOutcome.Failed f -> f.kind().name().toLowerCase(Locale.ROOT);
      case AttemptOutcome.Stopped s -> "stopped: " + s.reason().description();
    };
  }
}
