package io.jobtrail.persistence.orchestrator;

import static io.jobtrail.persistence.jooq.Tables.JOB_LEASES;
import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static io.jobtrail.persistence.jooq.Tables.ORCHESTRATOR_INSTANCES;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.when;

import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.readmodel.OrchestratorInstance;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.persistence.sql.RenderedQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Param;

/**
 * Leases in {@code job_leases}, one row per leased job: taking one is a single upsert that only
 * overwrites a row whose lease has expired (or is already the caller's), so two instances racing
 * for a job cannot both win. The registry is {@code orchestrator_instances}.
 */
public final class JooqJobLeases implements JobLeases {

  private static final Param<UUID> JOB = param("job", UUID.class);
  private static final Param<String> OWNER = param("owner", String.class);
  private static final Param<OffsetDateTime> AT = param("at", OffsetDateTime.class);
  private static final Param<OffsetDateTime> EXPIRES_AT = param("expiresAt", OffsetDateTime.class);

  private final DSLContext dsl;

  /** Taken and released once per job run: rendered once (see {@link RenderedQuery}). */
  private final RenderedQuery acquire;

  private final RenderedQuery release;

  public JooqJobLeases(DSLContext dsl) {
    this.dsl = dsl;
    var l = JOB_LEASES;
    this.acquire =
        new RenderedQuery(
            dsl,
            dsl.insertInto(l)
                .set(l.JOB_ID, JOB)
                .set(l.OWNER_INSTANCE, OWNER)
                .set(l.ACQUIRED_AT, AT)
                .set(l.EXPIRES_AT, EXPIRES_AT)
                .onConflict(l.JOB_ID)
                .doUpdate()
                .set(l.OWNER_INSTANCE, OWNER)
                .set(l.ACQUIRED_AT, when(l.OWNER_INSTANCE.eq(OWNER), l.ACQUIRED_AT).otherwise(AT))
                .set(l.EXPIRES_AT, EXPIRES_AT)
                .set(l.PREVIOUS_OWNER, l.OWNER_INSTANCE)
                .where(l.OWNER_INSTANCE.eq(OWNER).or(l.EXPIRES_AT.le(AT)))
                .returning(l.OWNER_INSTANCE, l.EXPIRES_AT, l.PREVIOUS_OWNER));
    this.release =
        new RenderedQuery(
            dsl, dsl.deleteFrom(l).where(l.JOB_ID.eq(JOB)).and(l.OWNER_INSTANCE.eq(OWNER)));
  }

  @Override
  public Optional<Lease> tryAcquire(JobId jobId, String instanceId, Instant now, Duration ttl) {
    return acquire.fetch(
        dsl,
        Map.of(
            "job", jobId.value(),
            "owner", instanceId,
            "at", utc(now),
            "expiresAt", utc(now.plus(ttl))),
        rows ->
            rows.next()
                ? Optional.of(
                    new Lease(
                        jobId,
                        rows.getString(JOB_LEASES.OWNER_INSTANCE.getName()),
                        rows.getObject(JOB_LEASES.EXPIRES_AT.getName(), OffsetDateTime.class)
                            .toInstant(),
                        rows.getString(JOB_LEASES.PREVIOUS_OWNER.getName())))
                : Optional.empty());
  }

  @Override
  public Set<JobId> renew(String instanceId, Collection<JobId> jobIds, Instant now, Duration ttl) {
    if (jobIds.isEmpty()) {
      return Set.of();
    }
    List<UUID> ids = jobIds.stream().map(JobId::value).toList();
    var renewed = new HashSet<JobId>();
    dsl.update(JOB_LEASES)
        .set(JOB_LEASES.EXPIRES_AT, utc(now.plus(ttl)))
        .where(JOB_LEASES.OWNER_INSTANCE.eq(instanceId))
        .and(JOB_LEASES.JOB_ID.in(ids))
        .returning(JOB_LEASES.JOB_ID)
        .fetch()
        .forEach(row -> renewed.add(new JobId(row.get(JOB_LEASES.JOB_ID))));
    return renewed;
  }

  @Override
  public void release(JobId jobId, String instanceId) {
    release.execute(dsl, Map.of("job", jobId.value(), "owner", instanceId));
  }

  @Override
  public List<JobId> findDueWithoutLiveLease(Instant now, int limit) {
    var s = JOB_SUMMARIES;
    return dsl.select(s.JOB_ID)
        .from(s)
        .where(
            s.STATUS
                .eq(JobStatus.RUNNING.name())
                .or(
                    s.STATUS
                        .eq(JobStatus.AWAITING_APPROVAL.name())
                        .and(s.APPROVAL_DUE_AT.le(utc(now)))))
        .and(
            notExists(
                selectOne()
                    .from(JOB_LEASES)
                    .where(JOB_LEASES.JOB_ID.eq(s.JOB_ID))
                    .and(JOB_LEASES.EXPIRES_AT.gt(utc(now)))))
        .orderBy(s.UPDATED_AT, s.JOB_ID)
        .limit(limit)
        .fetch(row -> new JobId(row.value1()));
  }

  @Override
  public void heartbeat(String instanceId, Instant startedAt, int runningJobs, Instant now) {
    var i = ORCHESTRATOR_INSTANCES;
    dsl.insertInto(i)
        .set(i.INSTANCE_ID, instanceId)
        .set(i.STARTED_AT, utc(startedAt))
        .set(i.LAST_HEARTBEAT, utc(now))
        .set(i.RUNNING_JOBS, runningJobs)
        .onConflict(i.INSTANCE_ID)
        .doUpdate()
        .set(i.STARTED_AT, utc(startedAt))
        .set(i.LAST_HEARTBEAT, utc(now))
        .set(i.RUNNING_JOBS, runningJobs)
        .execute();
  }

  @Override
  public void leave(String instanceId) {
    dsl.transaction(
        tx -> {
          tx.dsl().deleteFrom(JOB_LEASES).where(JOB_LEASES.OWNER_INSTANCE.eq(instanceId)).execute();
          tx.dsl()
              .deleteFrom(ORCHESTRATOR_INSTANCES)
              .where(ORCHESTRATOR_INSTANCES.INSTANCE_ID.eq(instanceId))
              .execute();
        });
  }

  @Override
  public List<OrchestratorInstance> instances(Instant since) {
    var i = ORCHESTRATOR_INSTANCES;
    return dsl.selectFrom(i)
        .where(i.LAST_HEARTBEAT.ge(utc(since)))
        .orderBy(i.INSTANCE_ID)
        .fetch(
            row ->
                new OrchestratorInstance(
                    row.getInstanceId(),
                    row.getStartedAt().toInstant(),
                    row.getLastHeartbeat().toInstant(),
                    row.getRunningJobs()));
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
