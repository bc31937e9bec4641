package io.jobtrail.application.testing;

import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.readmodel.OrchestratorInstance;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Leases and the instance registry in memory, under one lock. Which jobs are RUNNING comes from the
 * job summaries (the in-memory event store writes them with every append).
 */
public final class InMemoryJobLeases implements JobLeases {

  private record Held(String owner, Instant expiresAt) {}

  private final JobSummaries summaries;
  private final Map<JobId, Held> leases = new HashMap<>();
  private final Map<String, OrchestratorInstance> instances = new HashMap<>();

  public InMemoryJobLeases(JobSummaries summaries) {
    this.summaries = summaries;
  }

  @Override
  public synchronized Optional<Lease> tryAcquire(
      JobId jobId, String instanceId, Instant now, Duration ttl) {
    Held held = leases.get(jobId);
    if (held != null && !held.owner().equals(instanceId) && held.expiresAt().isAfter(now)) {
      return Optional.empty();
    }
    Instant expiresAt = now.plus(ttl);
    leases.put(jobId, new Held(instanceId, expiresAt));
    return Optional.of(new Lease(jobId, instanceId, expiresAt, held == null ? null : held.owner()));
  }

  @Override
  public synchronized Set<JobId> renew(
      String instanceId, Collection<JobId> jobIds, Instant now, Duration ttl) {
    var renewed = new HashSet<JobId>();
    for (JobId jobId : jobIds) {
      Held held = leases.get(jobId);
      if (held != null && held.owner().equals(instanceId)) {
        leases.put(jobId, new Held(instanceId, now.plus(ttl)));
        renewed.add(jobId);
      }
    }
    return renewed;
  }

  @Override
  public synchronized void release(JobId jobId, String instanceId) {
    Held held = leases.get(jobId);
    if (held != null && held.owner().equals(instanceId)) {
      leases.remove(jobId);
    }
  }

  @Override
  public List<JobId> findDueWithoutLiveLease(Instant now, int limit) {
    var running = new ArrayList<JobSummary>();
    var filter =
        new JobFilter(
            Set.of(JobView.Status.QUEUED, JobView.Status.RUNNING, JobView.Status.AWAITING_APPROVAL),
            null,
            null,
            null);
    JobSummary.Cursor after = null;
    while (true) {
      List<JobSummary> page = summaries.list(filter, JobSort.CREATED, after, 500);
      for (JobSummary summary : page) {
        // A job waiting for a person is due only once its approval's deadline has passed.
        if (summary.status() != io.jobtrail.domain.job.JobStatus.AWAITING_APPROVAL
            || (summary.approvalDueAt() != null && !summary.approvalDueAt().isAfter(now))) {
          running.add(summary);
        }
      }
      if (page.size() < 500) {
        break;
      }
      after = page.getLast().cursor(JobSort.CREATED);
    }
    running.sort(Comparator.comparing(JobSummary::updatedAt));
    var free = new ArrayList<JobId>();
    synchronized (this) {
      for (JobSummary summary : running) {
        Held held = leases.get(summary.jobId());
        if (held == null || !held.expiresAt().isAfter(now)) {
          free.add(summary.jobId());
          if (free.size() == limit) {
            break;
          }
        }
      }
    }
    return free;
  }

  @Override
  public synchronized void heartbeat(
      String instanceId, Instant startedAt, int runningJobs, Instant now) {
    instances.put(instanceId, new OrchestratorInstance(instanceId, startedAt, now, runningJobs));
  }

  @Override
  public synchronized void leave(String instanceId) {
    instances.remove(instanceId);
    leases.values().removeIf(held -> held.owner().equals(instanceId));
  }

  @Override
  public synchronized List<OrchestratorInstance> instances(Instant since) {
    return instances.values().stream()
        .filter(instance -> !instance.lastHeartbeat().isBefore(since))
        .sorted(Comparator.comparing(OrchestratorInstance::id))
        .toList();
  }

  /** Who holds the job's lease (live or expired), for tests. */
  public synchronized @Nullable String owner(JobId jobId) {
    Held held = leases.get(jobId);
    return held == null ? null : held.owner();
  }
}
