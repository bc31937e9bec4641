package io.jobtrail.application.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.readmodel.OrchestratorInstance;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobLeases} must do; subclasses say how to make one and how to add jobs. */
public abstract class JobLeasesContract {

  private static final Duration TTL = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private JobLeases leases;

  /** A fresh, empty store. */
  protected abstract JobLeases newLeases();

  /** Makes a job with this status visible to {@link JobLeases#findDueWithoutLiveLease}. */
  protected abstract void givenJob(JobId jobId, JobStatus status);

  @BeforeEach
  void setUpLeases() {
    leases = newLeases();
  }

  private static JobId newJobId() {
    return new JobId(UUID.randomUUID());
  }

  @Test
  void givenFreeJob_whenAcquired_thenOthersCannotAcquireItWhileTheLeaseLives() {
    JobId job = newJobId();
    givenJob(job, JobStatus.RUNNING);

    var first = leases.tryAcquire(job, "a", T0, TTL);

    assertThat(first).isPresent();
    assertThat(first.get().owner()).isEqualTo("a");
    assertThat(first.get().expiresAt()).isEqualTo(T0.plus(TTL));
    assertThat(first.get().tookOver()).isFalse();
    assertThat(leases.tryAcquire(job, "b", T0.plusSeconds(9), TTL)).isEmpty();
  }

  @Test
  void givenExpiredLease_whenAnotherInstanceAcquires_thenItTakesOverFromThePreviousOwner() {
    JobId job = newJobId();
    givenJob(job, JobStatus.RUNNING);
    leases.tryAcquire(job, "a", T0, TTL);

    var taken = leases.tryAcquire(job, "b", T0.plus(TTL).plusMillis(1), TTL);

    assertThat(taken).isPresent();
    assertThat(taken.get().owner()).isEqualTo("b");
    assertThat(taken.get().previousOwner()).isEqualTo("a");
    assertThat(taken.get().tookOver()).isTrue();
    assertThat(leases.renew("a", List.of(job), T0.plusSeconds(11), TTL)).isEmpty();
  }

  @Test
  void givenOwnLease_whenAcquiredAgain_thenItIsExtendedAndNoTakeover() {
    JobId job = newJobId();
    givenJob(job, JobStatus.RUNNING);
    leases.tryAcquire(job, "a", T0, TTL);

    var again = leases.tryAcquire(job, "a", T0.plusSeconds(5), TTL);

    assertThat(again).isPresent();
    assertThat(again.get().expiresAt()).isEqualTo(T0.plusSeconds(5).plus(TTL));
    assertThat(again.get().tookOver()).isFalse();
  }

  @Test
  void givenHeldLeases_whenRenewed_thenOnlyTheOwnersAreExtended() {
    JobId mine = newJobId();
    JobId theirs = newJobId();
    JobId nobodys = newJobId();
    givenJob(mine, JobStatus.RUNNING);
    givenJob(theirs, JobStatus.RUNNING);
    givenJob(nobodys, JobStatus.RUNNING);
    leases.tryAcquire(mine, "a", T0, TTL);
    leases.tryAcquire(theirs, "b", T0, TTL);

    Set<JobId> renewed = leases.renew("a", List.of(mine, theirs, nobodys), T0.plusSeconds(8), TTL);

    assertThat(renewed).containsExactly(mine);
    // Past the first expiry but within the renewed one: still held.
    assertThat(leases.tryAcquire(mine, "b", T0.plusSeconds(15), TTL)).isEmpty();
    assertThat(leases.tryAcquire(mine, "b", T0.plusSeconds(18).plusMillis(1), TTL)).isPresent();
  }

  @Test
  void givenLease_whenReleasedByItsOwner_thenItIsFreeAndNoTakeoverIsReported() {
    JobId job = newJobId();
    givenJob(job, JobStatus.RUNNING);
    leases.tryAcquire(job, "a", T0, TTL);

    leases.release(job, "b");
    assertThat(leases.tryAcquire(job, "b", T0.plusSeconds(1), TTL)).isEmpty();

    leases.release(job, "a");
    var next = leases.tryAcquire(job, "b", T0.plusSeconds(1), TTL);
    assertThat(next).isPresent();
    assertThat(next.get().tookOver()).isFalse();
  }

  @Test
  void givenJobsInEveryState_whenSearched_thenOnlyRunningJobsWithoutLiveLeaseAreFound() {
    JobId free = newJobId();
    JobId leased = newJobId();
    JobId expired = newJobId();
    JobId paused = newJobId();
    JobId completed = newJobId();
    givenJob(free, JobStatus.RUNNING);
    givenJob(leased, JobStatus.RUNNING);
    givenJob(expired, JobStatus.RUNNING);
    givenJob(paused, JobStatus.PAUSED);
    givenJob(completed, JobStatus.COMPLETED);
    leases.tryAcquire(leased, "a", T0.plusSeconds(5), TTL);
    leases.tryAcquire(expired, "a", T0.minusSeconds(20), TTL);

    List<JobId> found = leases.findDueWithoutLiveLease(T0, 100);

    assertThat(found).contains(free, expired).doesNotContain(leased, paused, completed);
    assertThat(leases.findDueWithoutLiveLease(T0, 1)).hasSize(1);
  }

  @Test
  void givenHeartbeats_whenInstancesListed_thenOnlyRecentOnesAppearWithTheirCounts() {
    leases.heartbeat("a", T0.minusSeconds(60), 3, T0);
    leases.heartbeat("b", T0.minusSeconds(60), 1, T0.minusSeconds(30));

    List<OrchestratorInstance> recent = leases.instances(T0.minusSeconds(10));

    assertThat(recent).containsExactly(new OrchestratorInstance("a", T0.minusSeconds(60), T0, 3));
  }

  @Test
  void givenInstanceWithLeases_whenItLeaves_thenItsLeasesAreFreeAndItIsGone() {
    JobId job = newJobId();
    givenJob(job, JobStatus.RUNNING);
    leases.heartbeat("a", T0, 1, T0);
    leases.tryAcquire(job, "a", T0, TTL);

    leases.leave("a");

    assertThat(leases.instances(T0.minusSeconds(1))).isEmpty();
    assertThat(leases.findDueWithoutLiveLease(T0.plusSeconds(1), 100)).contains(job);
  }
}
