package io.jobtrail.application.orchestrator;

import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.port.out.OrchestratorMetrics;
import io.jobtrail.domain.job.JobId;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * This instance's side of the leases: it claims running jobs nobody holds a live lease on (while
 * there is room), renews the leases it holds with each heartbeat, and lets go of a job whose lease
 * another instance has taken.
 */
final class LeaseKeeper {

  private static final System.Logger LOG = System.getLogger(LeaseKeeper.class.getName());

  private final OrchestratorSettings settings;
  private final JobLeases leases;
  private final JobRuns runs;
  private final OrchestratorMetrics metrics;
  private final Clock clock;
  private final BooleanSupplier accepting;

  LeaseKeeper(
      OrchestratorSettings settings,
      JobLeases leases,
      JobRuns runs,
      OrchestratorMetrics metrics,
      Clock clock,
      BooleanSupplier accepting) {
    this.settings = settings;
    this.leases = leases;
    this.runs = runs;
    this.metrics = metrics;
    this.clock = clock;
    this.accepting = accepting;
  }

  /** Writes the heartbeat and renews every lease held; a lease not renewed is lost. */
  void heartbeat(Instant startedAt) {
    Instant now = now();
    leases.heartbeat(settings.instanceId(), startedAt, runs.size(), now);
    List<JobId> held = runs.jobIds();
    if (held.isEmpty()) {
      return;
    }
    Set<JobId> renewed = leases.renew(settings.instanceId(), held, now, settings.leaseDuration());
    Instant expiresAt = now.plus(settings.leaseDuration());
    for (JobId jobId : held) {
      JobRun run = runs.get(jobId);
      if (run == null || run.phase() == JobRun.Phase.DONE) {
        continue; // Released meanwhile.
      }
      if (renewed.contains(jobId)) {
        run.leaseRenewed(expiresAt);
      } else {
        LOG.log(System.Logger.Level.WARNING, "lost the lease of job " + jobId + "; letting go");
        run.stop(StopReason.LEASE_LOST);
        runs.wake(run);
      }
    }
  }

  /** Claims free running jobs, as many as there is room for. */
  void claimDue() {
    int room = settings.maxActiveJobs() - runs.size();
    if (!accepting.getAsBoolean() || room <= 0) {
      return;
    }
    Instant now = now();
    for (JobId jobId : leases.findRunningWithoutLiveLease(now, room)) {
      claim(jobId, now);
    }
  }

  /** Claims one job if there is room, nobody else holds it, and this instance does not yet. */
  void claim(JobId jobId) {
    claim(jobId, now());
  }

  private void claim(JobId jobId, Instant now) {
    if (!accepting.getAsBoolean()
        || runs.size() >= settings.maxActiveJobs()
        || runs.get(jobId) != null) {
      return;
    }
    Optional<JobLeases.Lease> lease =
        leases.tryAcquire(jobId, settings.instanceId(), now, settings.leaseDuration());
    if (lease.isEmpty()) {
      return;
    }
    // The takeover is a fact of this acquisition, even when a concurrent claim (the scan and a
    // notification at once) wins the race to begin the run.
    if (lease.get().tookOver()) {
      String previous = String.valueOf(lease.get().previousOwner());
      LOG.log(System.Logger.Level.INFO, "took job " + jobId + " over from " + previous);
      metrics.leaseTakenOver(jobId, previous);
    }
    runs.begin(new JobRun(jobId, lease.get().expiresAt()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
