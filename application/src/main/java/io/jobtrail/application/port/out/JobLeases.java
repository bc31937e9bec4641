package io.jobtrail.application.port.out;

import io.jobtrail.application.readmodel.OrchestratorInstance;
import io.jobtrail.domain.job.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which orchestrator instance drives which running job: a lease per job that expires unless its
 * owner renews it, and the registry of instances with their heartbeats. Times come from the caller,
 * so instances must keep their clocks in step (well within a lease's duration).
 */
public interface JobLeases {

  /**
   * Takes the job's lease for {@code instanceId} until {@code now + ttl} if nobody holds it, its
   * holder let it expire, or {@code instanceId} already holds it; empty if another instance holds a
   * live lease.
   */
  Optional<Lease> tryAcquire(JobId jobId, String instanceId, Instant now, Duration ttl);

  /** Extends the leases {@code instanceId} still holds among {@code jobIds}; returns those. */
  Set<JobId> renew(String instanceId, Collection<JobId> jobIds, Instant now, Duration ttl);

  /** Gives the lease up if {@code instanceId} holds it. */
  void release(JobId jobId, String instanceId);

  /**
   * Jobs with work due that nobody holds a live lease on, the longest-waiting first, at most limit:
   * RUNNING jobs, and jobs AWAITING_APPROVAL whose approval deadline has passed at {@code now}.
   */
  List<JobId> findDueWithoutLiveLease(Instant now, int limit);

  /** Records that the instance is alive, when it started and how many jobs it drives. */
  void heartbeat(String instanceId, Instant startedAt, int runningJobs, Instant now);

  /** Removes the instance from the registry and releases every lease it holds. */
  void leave(String instanceId);

  /** The instances heard from at or after {@code since}, by id. */
  List<OrchestratorInstance> instances(Instant since);

  /**
   * A lease held by {@code owner} until {@code expiresAt}. {@code previousOwner} is the instance
   * whose expired lease this one replaced, if any.
   */
  record Lease(JobId jobId, String owner, Instant expiresAt, @Nullable String previousOwner) {

    /** Whether this lease was taken from another instance that let it expire. */
    public boolean tookOver() {
      return previousOwner != null && !previousOwner.equals(owner);
    }
  }
}
