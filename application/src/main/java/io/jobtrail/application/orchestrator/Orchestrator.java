package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.port.in.QueryOrchestrator;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.application.readmodel.OrchestratorStatus;
import io.jobtrail.application.usage.PriceTable;
import io.jobtrail.domain.job.JobId;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One orchestrator instance. It claims RUNNING jobs that no instance holds a live lease on (every
 * {@code pollInterval}, and at once when {@link #wake} is called for a job started or resumed
 * here), renews its leases with a heartbeat, and drives each claimed job on a bounded pool of
 * workers, one tick at a time (see {@link JobDriver}). Several instances may share one store, also
 * in one JVM: the instance id is part of the settings.
 */
public final class Orchestrator implements QueryOrchestrator, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Orchestrator.class.getName());

  /** How long interrupted calls get to be recorded once the grace period is over. */
  private static final Duration RECORD_INTERRUPTED = Duration.ofSeconds(2);

  private final OrchestratorSettings settings;
  private final JobLeases leases;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final ThreadPoolExecutor workers;
  private final ExecutorService callThreads;
  private final JobRuns runs;
  private final LeaseKeeper keeper;
  private final ControlWatch control;
  private final List<ScheduledFuture<?>> loops = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicBoolean databaseAway =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile boolean accepting;
  private volatile boolean halted;
  private volatile Instant startedAt;

  /**
   * @param handler must write events as {@code settings.instanceId()}
   */
  public Orchestrator(
      OrchestratorSettings settings,
      JobRepository repository,
      JobCommandHandler handler,
      JobEventStore events,
      JobLeases leases,
      JobLogs logs,
      AgentRuntime agents,
      Tracer tracer,
      OrchestratorMetrics metrics,
      Clock clock) {
    this(
        settings,
        repository,
        handler,
        events,
        leases,
        logs,
        agents,
        tracer,
        metrics,
        clock,
        PriceTable.DEFAULT);
  }

  /**
   * @param handler must write events as {@code settings.instanceId()}
   * @param prices what each model's tokens cost, for the usage recorded with each attempt
   */
  public Orchestrator(
      OrchestratorSettings settings,
      JobRepository repository,
      JobCommandHandler handler,
      JobEventStore events,
      JobLeases leases,
      JobLogs logs,
      AgentRuntime agents,
      Tracer tracer,
      OrchestratorMetrics metrics,
      Clock clock,
      PriceTable prices) {
    this.settings = settings;
    this.leases = leases;
    this.clock = clock;
    this.startedAt = clock.instant();
    String id = settings.instanceId();
    this.scheduler = Executors.newScheduledThreadPool(2, named("jobtrail-orchestrator-" + id));
    this.workers =
        new ThreadPoolExecutor(
            settings.workers(),
            settings.workers(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            named("jobtrail-worker-" + id));
    this.callThreads =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jobtrail-agent-", 1).factory());
    var commands = new OrchestratorCommands(handler, events, clock);
    var recorder =
        new AttemptRecorder(commands, new RetryBackoff(settings.retryJitter()), metrics, id);
    var steps =
        new StepRunner(
            commands,
            new AgentInvoker(agents, callThreads),
            recorder,
            logs,
            tracer,
            metrics,
            id,
            clock,
            () -> halted,
            prices);
    var recovery = new AttemptRecovery(commands, logs, tracer, metrics, id, clock, () -> halted);
    var driver = new JobDriver(repository, commands, recovery, steps);
    this.runs = new JobRuns(driver, leases, id, workers, scheduler, () -> accepting, () -> halted);
    this.keeper = new LeaseKeeper(settings, leases, runs, metrics, clock, () -> accepting);
    this.control = new ControlWatch(events, settings.pauseMode());
  }

  public String instanceId() {
    return settings.instanceId();
  }

  /** Starts claiming and driving jobs. */
  public synchronized void start() {
    if (accepting || halted) {
      return;
    }
    accepting = true;
    startedAt = clock.instant();
    loops.add(every(Duration.ZERO, settings.heartbeatInterval(), this::heartbeat));
    loops.add(every(Duration.ZERO, settings.pollInterval(), keeper::claimDue));
    loops.add(
        every(settings.controlCheckInterval(), settings.controlCheckInterval(), this::watchCalls));
  }

  /**
   * Looks at a job now rather than at the next poll: claims it if it is RUNNING and free, or, if
   * this instance drives it, checks at once for a cancel or pause. Call it after a command on the
   * job was accepted here.
   */
  public void wake(JobId jobId) {
    if (!accepting) {
      return;
    }
    try {
      scheduler.execute(guarded("wake " + jobId, () -> wakeNow(jobId)));
    } catch (RejectedExecutionException stopping) {
      // Closing: nothing to wake.
    }
  }

  /** Jobs this instance holds leases on. */
  public int activeJobs() {
    return runs.size();
  }

  @Override
  public OrchestratorStatus status() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return new OrchestratorStatus(
        settings.instanceId(),
        accepting,
        runs.size(),
        runs.runningAttempts(),
        workers.getQueue().size(),
        leases.instances(now.minus(settings.leaseDuration())),
        now);
  }

  /**
   * Stops gracefully: no new work (nothing claimed, no next step started); agent calls already
   * running may finish within {@code shutdownGrace} and are recorded as usual; those still running
   * then are interrupted and recorded as {@code INTERRUPTED}, so their steps run again elsewhere at
   * once. Every lease is released (another instance takes the jobs over at its next poll, not when
   * the lease would have expired) and the instance leaves the registry.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (!accepting) {
        shutdownExecutors();
        return;
      }
      accepting = false;
    }
    loops.forEach(loop -> loop.cancel(false));
    for (JobRun run : runs.all()) {
      run.drain(StopReason.SHUTDOWN);
      if (run.phase() == JobRun.Phase.WAITING) {
        runs.finish(run, true, "the instance is stopping");
      }
    }
    awaitCalls(settings.shutdownGrace());
    for (JobRun run : runs.all()) {
      run.stop(StopReason.SHUTDOWN);
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(RECORD_INTERRUPTED.toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (JobRun run : runs.all()) {
      runs.finish(run, true, "the instance stopped");
    }
    try {
      leases.leave(settings.instanceId());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not leave the instance registry", e);
    }
    shutdownExecutors();
  }

  /** Waits until no agent call runs here, at most {@code grace}. */
  private void awaitCalls(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (runs.runningAttempts() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Stops at once, as if the process had died: nothing more is recorded, no lease is released, and
   * the jobs wait for another instance to take them over when their leases expire. For failover
   * tests and emergencies.
   */
  public void halt() {
    halted = true;
    accepting = false;
    shutdownExecutors();
    runs.abandonAll();
  }

  private void shutdownExecutors() {
    scheduler.shutdownNow();
    workers.shutdownNow();
    callThreads.shutdownNow();
  }

  /** The heartbeat always reaches the database: when it succeeds, the database is back. */
  private void heartbeat() {
    keeper.heartbeat(startedAt);
    if (databaseAway.compareAndSet(true, false)) {
      LOG.log(System.Logger.Level.INFO, "the database is back: taking steps again");
    }
  }

  private void wakeNow(JobId jobId) {
    JobRun run = runs.get(jobId);
    if (run == null) {
      keeper.claim(jobId);
      return;
    }
    ActiveCall call = run.activeCall();
    if (call != null) {
      control.check(jobId, call);
    }
    runs.wake(run);
  }

  private void watchCalls() {
    for (JobRun run : runs.all()) {
      ActiveCall call = run.activeCall();
      if (call != null) {
        try {
          control.check(run.jobId(), call);
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "could not check job " + run.jobId(), e);
        }
      }
    }
  }

  private ScheduledFuture<?> every(Duration initialDelay, Duration period, Runnable task) {
    return scheduler.scheduleWithFixedDelay(
        guarded("orchestrator loop", task),
        initialDelay.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * A scheduled task that throws is never run again: log instead. While the database is away every
   * task fails: that is said once, and again when it is back, not on every tick.
   */
  private Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (StoreUnavailable e) {
        if (!halted && databaseAway.compareAndSet(false, true)) {
          LOG.log(
              System.Logger.Level.WARNING,
              "the database is away ("
                  + e.getMessage()
                  + "): no step is taken until it is back; retrying");
        }
      } catch (RuntimeException e) {
        if (!halted) {
          LOG.log(System.Logger.Level.WARNING, what + " failed", e);
        }
      }
    };
  }

  private static ThreadFactory named(String prefix) {
    var counter = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
