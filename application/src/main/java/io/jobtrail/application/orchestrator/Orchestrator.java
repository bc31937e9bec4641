package io.jobtrail.application.orchestrator;

import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.port.in.QueryOrchestrator;
import io.jobtrail.application.port.out.AgentRuntime;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.application.readmodel.OrchestratorStatus;
import io.jobtrail.domain.job.JobId;
import io.opentelemetry.api.trace.Tracer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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

  private final OrchestratorSettings settings;
  private final JobLeases leases;
  private final Clock clock;
  private final OrchestratorMetrics metrics;
  private final JobDriver driver;
  private final ControlWatch control;
  private final Map<JobId, JobRun> runs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final ThreadPoolExecutor workers;
  private final ExecutorService callThreads;
  private final List<ScheduledFuture<?>> loops = new ArrayList<>();
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
    this.settings = settings;
    this.leases = leases;
    this.clock = clock;
    this.metrics = metrics;
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
            () -> halted);
    var recovery = new AttemptRecovery(commands, logs, tracer, metrics, id, clock, () -> halted);
    this.driver = new JobDriver(repository, commands, recovery, steps);
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
    loops.add(every(Duration.ZERO, settings.pollInterval(), this::claimDue));
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
    Instant now = now();
    int runningAttempts = (int) runs.values().stream().filter(r -> r.activeCall() != null).count();
    return new OrchestratorStatus(
        settings.instanceId(),
        accepting,
        runs.size(),
        runningAttempts,
        workers.getQueue().size(),
        leases.instances(now.minus(settings.leaseDuration())),
        now);
  }

  /**
   * Stops gracefully: no new work; running agent calls are interrupted and recorded as {@code
   * INTERRUPTED} (so their steps run again elsewhere at once); leases are released and the instance
   * leaves the registry. Waits at most {@code shutdownGrace} for the calls to be recorded.
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
    for (JobRun run : List.copyOf(runs.values())) {
      run.stop(StopReason.SHUTDOWN);
      if (run.phase() == JobRun.Phase.WAITING) {
        finish(run, true, "the instance is stopping");
      }
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (JobRun run : List.copyOf(runs.values())) {
      finish(run, true, "the instance stopped");
    }
    try {
      leases.leave(settings.instanceId());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not leave the instance registry", e);
    }
    shutdownExecutors();
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
    runs.clear();
  }

  private void shutdownExecutors() {
    scheduler.shutdownNow();
    workers.shutdownNow();
    callThreads.shutdownNow();
  }

  private void heartbeat() {
    Instant now = now();
    leases.heartbeat(settings.instanceId(), startedAt, runs.size(), now);
    List<JobId> held = List.copyOf(runs.keySet());
    if (held.isEmpty()) {
      return;
    }
    Set<JobId> renewed = leases.renew(settings.instanceId(), held, now, settings.leaseDuration());
    Instant expiresAt = now.plus(settings.leaseDuration());
    for (JobId jobId : held) {
      JobRun run = runs.get(jobId);
      if (run == null) {
        continue;
      }
      if (renewed.contains(jobId)) {
        run.leaseRenewed(expiresAt);
      } else {
        LOG.log(System.Logger.Level.WARNING, "lost the lease of job " + jobId + "; letting go");
        run.stop(StopReason.LEASE_LOST);
        if (run.wakeFromWait()) {
          submit(run);
        }
      }
    }
  }

  private void claimDue() {
    int free = settings.maxActiveJobs() - runs.size();
    if (!accepting || free <= 0) {
      return;
    }
    Instant now = now();
    for (JobId jobId : leases.findRunningWithoutLiveLease(now, free)) {
      if (!accepting || runs.size() >= settings.maxActiveJobs()) {
        return;
      }
      claim(jobId, now);
    }
  }

  private void claim(JobId jobId, Instant now) {
    if (runs.containsKey(jobId)) {
      return;
    }
    Optional<JobLeases.Lease> lease =
        leases.tryAcquire(jobId, settings.instanceId(), now, settings.leaseDuration());
    if (lease.isEmpty()) {
      return;
    }
    var run = new JobRun(jobId, lease.get().expiresAt());
    if (runs.putIfAbsent(jobId, run) != null) {
      return;
    }
    if (lease.get().tookOver()) {
      String previous = String.valueOf(lease.get().previousOwner());
      LOG.log(System.Logger.Level.INFO, "took job " + jobId + " over from " + previous);
      metrics.leaseTakenOver(jobId, previous);
    }
    submit(run);
  }

  private void wakeNow(JobId jobId) {
    JobRun run = runs.get(jobId);
    if (run == null) {
      if (accepting && runs.size() < settings.maxActiveJobs()) {
        claim(jobId, now());
      }
      return;
    }
    ActiveCall call = run.activeCall();
    if (call != null) {
      control.check(jobId, call);
    }
    if (run.wakeFromWait()) {
      submit(run);
    }
  }

  private void watchCalls() {
    for (JobRun run : runs.values()) {
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

  private void submit(JobRun run) {
    try {
      workers.execute(() -> tick(run));
    } catch (RejectedExecutionException stopping) {
      finish(run, !halted, "the instance is stopping");
    }
  }

  private void tick(JobRun run) {
    if (!run.beginTick()) {
      return;
    }
    Next next;
    try {
      next = driver.advance(run);
      run.tickSucceeded();
    } catch (RuntimeException e) {
      if (halted) {
        return;
      }
      Duration wait = run.errorBackoff();
      LOG.log(
          System.Logger.Level.WARNING,
          "job " + run.jobId() + ": tick failed, trying again in " + wait.toMillis() + " ms",
          e);
      next = new Next.After(wait);
    }
    if (!halted) {
      continueWith(run, next);
    }
  }

  private void continueWith(JobRun run, Next next) {
    switch (next) {
      case Next.Done done -> finish(run, done.releaseLease(), done.why());
      case Next.After after when after.delay().isZero() -> {
        run.queued();
        submit(run);
      }
      case Next.After after -> {
        if (!accepting) {
          finish(run, true, "the instance is stopping");
          return;
        }
        run.waiting();
        try {
          run.waitingOn(
              scheduler.schedule(
                  () -> {
                    if (run.wakeFromWait()) {
                      submit(run);
                    }
                  },
                  after.delay().toNanos(),
                  TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException stopping) {
          finish(run, !halted, "the instance is stopping");
        }
      }
    }
  }

  /** Ends a run: the lease is released first, so no poll sees the job free but still owned. */
  private void finish(JobRun run, boolean releaseLease, String why) {
    if (!run.done()) {
      return;
    }
    if (releaseLease && !halted) {
      try {
        leases.release(run.jobId(), settings.instanceId());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "could not release the lease of " + run.jobId(), e);
      }
    }
    runs.remove(run.jobId(), run);
    LOG.log(System.Logger.Level.DEBUG, () -> "let go of job " + run.jobId() + ": " + why);
  }

  private ScheduledFuture<?> every(Duration initialDelay, Duration period, Runnable task) {
    return scheduler.scheduleWithFixedDelay(
        guarded("orchestrator loop", task),
        initialDelay.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** A scheduled task that throws is never run again: log instead. */
  private Runnable guarded(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        if (!halted) {
          LOG.log(System.Logger.Level.WARNING, what + " failed", e);
        }
      }
    };
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    var counter = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
