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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One orchestrator instance. It claims RUNNING jobs that no instance holds a live lease on (every
 * {@code pollInterval}, and at once when {@link #wake} is called for a job started or resumed here)
 * and gives each claimed job a {@link JobLoop} on a virtual thread of its own. Its scheduler renews
 * the leases with the heartbeat and runs the control watch over the agent calls in progress.
 * Several instances may share one store, also in one JVM: the instance id is part of the settings.
 */
public final class Orchestrator implements QueryOrchestrator, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Orchestrator.class.getName());

  /** How long interrupted calls get to be recorded once the grace period is over. */
  private static final Duration RECORD_INTERRUPTED = Duration.ofSeconds(2);

  private final OrchestratorSettings settings;
  private final JobEventStore events;
  private final JobLeases leases;
  private final OrchestratorMetrics metrics;
  private final Clock clock;
  private final Map<JobId, JobLoop> loops = new ConcurrentHashMap<>();
  private final Semaphore callPermits;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService loopThreads;
  private final ExecutorService callThreads;
  private final JobLoop.Engine engine;
  private final AtomicBoolean databaseAway = new AtomicBoolean();
  private @Nullable ScheduledFuture<?> claiming;
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
    this.events = events;
    this.leases = leases;
    this.metrics = metrics;
    this.clock = clock;
    this.startedAt = clock.instant();
    String id = settings.instanceId();
    this.callPermits = new Semaphore(settings.workers(), true);
    this.scheduler = Executors.newScheduledThreadPool(2, daemons("jobtrail-orchestrator-" + id));
    this.loopThreads = virtualThreads("jobtrail-job-" + id + "-");
    this.callThreads = virtualThreads("jobtrail-agent-" + id + "-");
    var commands = new OrchestratorCommands(handler, events, tracer, id, clock);
    this.engine =
        new JobLoop.Engine(
            id,
            repository,
            commands,
            new AttemptRecorder(commands, metrics, id, settings.retryJitter()),
            agents,
            callThreads,
            callPermits,
            leases,
            logs,
            metrics,
            clock,
            prices,
            new RecordedOutputs(events),
            loops);
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
    every(Duration.ZERO, settings.heartbeatInterval(), this::heartbeat);
    every(settings.controlCheckInterval(), settings.controlCheckInterval(), this::watchCalls);
    claiming = every(Duration.ZERO, settings.pollInterval(), this::claimDue);
  }

  /**
   * Looks at a job now rather than at the next poll: claims it if it is RUNNING and free, or, if
   * this instance drives it, checks at once for a cancel or pause and unparks its loop. Call it
   * after a command on the job was accepted here.
   */
  public void wake(JobId jobId) {
    try {
      scheduler.execute(guarded("wake " + jobId, () -> wakeNow(jobId)));
    } catch (RejectedExecutionException stopping) {
      // Stopped: nothing to wake.
    }
  }

  /** Jobs this instance holds leases on. */
  public int activeJobs() {
    return loops.size();
  }

  @Override
  public OrchestratorStatus status() {
    Instant now = now();
    return new OrchestratorStatus(
        settings.instanceId(),
        accepting,
        loops.size(),
        (int) loops.values().stream().filter(loop -> loop.call() != null).count(),
        callPermits.getQueueLength(),
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
      if (claiming != null) {
        claiming.cancel(false);
      }
    }
    // The heartbeat and the control watch go on while the loops end.
    loops.values().forEach(loop -> loop.drain(StopReason.SHUTDOWN));
    loopThreads.shutdown();
    if (!awaitLoops(settings.shutdownGrace())) {
      loops.values().forEach(loop -> loop.stop(StopReason.SHUTDOWN));
      if (!awaitLoops(RECORD_INTERRUPTED)) {
        loopThreads.shutdownNow();
      }
    }
    loops.values().forEach(loop -> loop.letGo("the instance stopped"));
    shutdownExecutors();
    try {
      scheduler.awaitTermination(RECORD_INTERRUPTED.toMillis(), TimeUnit.MILLISECONDS);
      leases.leave(settings.instanceId());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not leave the instance registry", e);
    }
  }

  /**
   * Stops at once, as if the process had died: nothing more is recorded, no lease is released, and
   * the jobs wait for another instance to take them over when their leases expire. For failover
   * tests and emergencies.
   */
  public void halt() {
    synchronized (this) {
      halted = true;
      accepting = false;
    }
    loops.values().forEach(JobLoop::halt);
    shutdownExecutors();
    loops.clear();
  }

  private boolean awaitLoops(Duration timeout) {
    try {
      return loopThreads.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void shutdownExecutors() {
    scheduler.shutdownNow();
    loopThreads.shutdownNow();
    callThreads.shutdownNow();
  }

  /**
   * Writes the heartbeat and renews every lease held; a loop whose lease was not renewed (another
   * instance took it) stops at once. The heartbeat always reaches the database: when it succeeds,
   * the database is back.
   */
  private void heartbeat() {
    Instant now = now();
    leases.heartbeat(settings.instanceId(), startedAt, loops.size(), now);
    if (databaseAway.compareAndSet(true, false)) {
      LOG.log(System.Logger.Level.INFO, "the database is back: taking steps again");
    }
    List<JobId> held = List.copyOf(loops.keySet());
    if (held.isEmpty()) {
      return;
    }
    Set<JobId> renewed = leases.renew(settings.instanceId(), held, now, settings.leaseDuration());
    for (JobId jobId : held) {
      JobLoop loop = loops.get(jobId);
      if (loop == null) {
        continue; // Let go meanwhile.
      }
      if (renewed.contains(jobId)) {
        loop.leaseRenewed(now.plus(settings.leaseDuration()));
      } else {
        LOG.log(System.Logger.Level.WARNING, "lost the lease of job " + jobId + "; letting go");
        loop.stop(StopReason.LEASE_LOST);
      }
    }
  }

  /** Claims free running jobs, as many as there is room for. */
  private void claimDue() {
    int room = settings.maxActiveJobs() - loops.size();
    if (!accepting || room <= 0) {
      return;
    }
    Instant now = now();
    for (JobId jobId : leases.findDueWithoutLiveLease(now, room)) {
      claim(jobId, now);
    }
  }

  /** Claims one job if there is room, nobody else holds it, and this instance does not yet. */
  private void claim(JobId jobId, Instant now) {
    if (!accepting || loops.size() >= settings.maxActiveJobs() || loops.containsKey(jobId)) {
      return;
    }
    Optional<JobLeases.Lease> lease =
        leases.tryAcquire(jobId, settings.instanceId(), now, settings.leaseDuration());
    if (lease.isEmpty()) {
      return;
    }
    // The takeover is a fact of this acquisition, even when a concurrent claim (the scan and a
    // wake-up at once) wins the race to start the loop.
    if (lease.get().tookOver()) {
      String previous = String.valueOf(lease.get().previousOwner());
      LOG.log(System.Logger.Level.INFO, "took job " + jobId + " over from " + previous);
      metrics.leaseTakenOver(jobId, previous);
    }
    var loop = new JobLoop(jobId, lease.get().expiresAt(), engine);
    synchronized (this) {
      // Under the lock that close and halt take: a loop either starts before they look, or not.
      if (accepting && loops.putIfAbsent(jobId, loop) == null) {
        loopThreads.execute(loop);
      }
    }
  }

  private void wakeNow(JobId jobId) {
    JobLoop loop = loops.get(jobId);
    if (loop == null) {
      claim(jobId, now());
      return;
    }
    AgentInvocation call = loop.call();
    if (call != null) {
      call.watch(events, settings.pauseMode());
    }
    loop.wake();
  }

  /**
   * The control watch: one read of the versions of every job with a running agent call, then each
   * call whose job moved reads its job's new events.
   */
  private void watchCalls() {
    var calls = new HashMap<JobId, AgentInvocation>();
    for (JobLoop loop : loops.values()) {
      AgentInvocation call = loop.call();
      if (call != null) {
        calls.put(loop.jobId(), call);
      }
    }
    if (calls.isEmpty()) {
      return;
    }
    Map<JobId, Long> versions = events.versions(calls.keySet());
    calls.forEach(
        (jobId, call) -> {
          if (versions.getOrDefault(jobId, 0L) <= call.watchedVersion()) {
            return;
          }
          try {
            call.watch(events, settings.pauseMode());
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not check job " + jobId, e);
          }
        });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
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

  private static ExecutorService virtualThreads(String prefix) {
    return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 1).factory());
  }

  private static ThreadFactory daemons(String prefix) {
    var counter = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
