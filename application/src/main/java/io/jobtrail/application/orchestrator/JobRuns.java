package io.jobtrail.application.orchestrator;

import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.domain.job.JobId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The jobs this instance holds leases on, and their ticks: each tick runs on a worker, then the run
 * is queued again, waits on a timer (a retry not yet due) or ends, releasing its lease.
 */
final class JobRuns {

  private static final System.Logger LOG = System.getLogger(JobRuns.class.getName());

  private final Map<JobId, JobRun> runs = new ConcurrentHashMap<>();
  private final JobDriver driver;
  private final JobLeases leases;
  private final String instanceId;
  private final Executor workers;
  private final ScheduledExecutorService timers;
  private final BooleanSupplier accepting;
  private final BooleanSupplier halted;

  JobRuns(
      JobDriver driver,
      JobLeases leases,
      String instanceId,
      Executor workers,
      ScheduledExecutorService timers,
      BooleanSupplier accepting,
      BooleanSupplier halted) {
    this.driver = driver;
    this.leases = leases;
    this.instanceId = instanceId;
    this.workers = workers;
    this.timers = timers;
    this.accepting = accepting;
    this.halted = halted;
  }

  int size() {
    return runs.size();
  }

  @Nullable JobRun get(JobId jobId) {
    return runs.get(jobId);
  }

  Collection<JobRun> all() {
    return List.copyOf(runs.values());
  }

  List<JobId> jobIds() {
    return List.copyOf(runs.keySet());
  }

  int runningAttempts() {
    return (int) runs.values().stream().filter(run -> run.activeCall() != null).count();
  }

  /** Adds the run of a freshly leased job and queues its first tick; false if it has one. */
  boolean begin(JobRun run) {
    if (runs.putIfAbsent(run.jobId(), run) != null) {
      return false;
    }
    submit(run);
    return true;
  }

  /** Ends a run's wait for a timer at once, so it looks at its job again. */
  void wake(JobRun run) {
    if (run.wakeFromWait()) {
      submit(run);
    }
  }

  /** Ends a run: the lease is released first, so no poll sees the job free but still owned. */
  void finish(JobRun run, boolean releaseLease, String why) {
    if (!run.done()) {
      return;
    }
    if (releaseLease && !halted.getAsBoolean()) {
      try {
        leases.release(run.jobId(), instanceId);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "could not release the lease of " + run.jobId(), e);
      }
    }
    runs.remove(run.jobId(), run);
    LOG.log(System.Logger.Level.DEBUG, () -> "let go of job " + run.jobId() + ": " + why);
  }

  /** Forgets every run without a word to anyone (the instance is halting). */
  void abandonAll() {
    runs.clear();
  }

  private void submit(JobRun run) {
    try {
      workers.execute(() -> tick(run));
    } catch (RejectedExecutionException stopping) {
      finish(run, true, "the instance is stopping");
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
    } catch (StoreUnavailable e) {
      // The database is away: nothing was recorded, so nothing is lost. Look again soon (the
      // orchestrator's own loops say once that the database is away).
      if (halted.getAsBoolean()) {
        return;
      }
      Duration wait = run.unavailableBackoff();
      LOG.log(
          System.Logger.Level.DEBUG,
          () ->
              "job " + run.jobId() + ": database away, trying again in " + wait.toMillis() + " ms");
      next = new Next.After(wait);
    } catch (RuntimeException e) {
      if (halted.getAsBoolean()) {
        return;
      }
      Duration wait = run.errorBackoff();
      LOG.log(
          System.Logger.Level.WARNING,
          "job " + run.jobId() + ": tick failed, trying again in " + wait.toMillis() + " ms",
          e);
      next = new Next.After(wait);
    }
    if (!halted.getAsBoolean()) {
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
        if (!accepting.getAsBoolean()) {
          finish(run, true, "the instance is stopping");
          return;
        }
        if (!run.waiting()) {
          submit(run);
          return;
        }
        try {
          run.waitingOn(
              timers.schedule(() -> wake(run), after.delay().toNanos(), TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException stopping) {
          finish(run, true, "the instance is stopping");
        }
      }
    }
  }
}
