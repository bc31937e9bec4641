package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.or;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.view.JobView;
import io.jobtrail.application.view.JobViewFold;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.persistence.jooq.tables.records.JobSummariesRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jspecify.annotations.Nullable;

/** The job list read model ({@code job_summaries}), maintained by {@link JooqJobEventStore}. */
public final class JooqJobSummaries implements JobSummaries {

  private final DSLContext dsl;

  public JooqJobSummaries(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public Optional<JobSummary> find(JobId jobId) {
    return dsl.selectFrom(JOB_SUMMARIES)
        .where(JOB_SUMMARIES.JOB_ID.eq(jobId.value()))
        .fetchOptional(JooqJobSummaries::toSummary);
  }

  @Override
  public List<JobSummary> findAll(Collection<JobId> jobIds) {
    return dsl.selectFrom(JOB_SUMMARIES)
        .where(JOB_SUMMARIES.JOB_ID.in(jobIds.stream().map(JobId::value).toList()))
        .fetch(JooqJobSummaries::toSummary);
  }

  @Override
  public List<JobSummary> list(
      JobFilter filter, JobSort sort, JobSummary.@Nullable Cursor after, int limit) {
    Field<?> key = sortKey(sort);
    Condition where = matching(filter);
    if (after != null) {
      if (after.sort() != sort) {
        throw new IllegalArgumentException("a " + after.sort() + " cursor for a " + sort + " list");
      }
      Object value =
          sort == JobSort.DURATION
              ? after.key()
              : Times.utc(ChronoUnit.MICROS.addTo(Instant.EPOCH, after.key()));
      where =
          where.and(
              condition(
                  "({0}, {1}) < ({2}, {3})",
                  key,
                  JOB_SUMMARIES.JOB_ID,
                  val(value, key.getDataType()),
                  val(after.jobId().value())));
    }
    return dsl.selectFrom(JOB_SUMMARIES)
        .where(where)
        .orderBy(key.desc(), JOB_SUMMARIES.JOB_ID.desc())
        .limit(limit)
        .fetch(JooqJobSummaries::toSummary);
  }

  /**
   * What the list is sorted by, as {@link JobSummary#cursor} computes it: the creation or update
   * time (the created index serves the default order), or an ended job's duration in microseconds
   * (-1 for one that has not ended).
   */
  private static Field<?> sortKey(JobSort sort) {
    return switch (sort) {
      case CREATED -> JOB_SUMMARIES.CREATED_AT;
      case UPDATED -> JOB_SUMMARIES.UPDATED_AT;
      case DURATION ->
          when(
                  JOB_SUMMARIES.STATUS.in(TERMINAL),
                  field(
                      "(extract(epoch from {0} - {1}) * 1000000)::bigint",
                      SQLDataType.BIGINT, JOB_SUMMARIES.UPDATED_AT, JOB_SUMMARIES.CREATED_AT))
              .otherwise(inline(-1L));
    };
  }

  private static final List<String> TERMINAL =
      List.of(JobStatus.COMPLETED.name(), JobStatus.FAILED.name(), JobStatus.CANCELLED.name());

  private static Condition matching(JobFilter filter) {
    Condition where = noCondition();
    if (!filter.statuses().isEmpty()) {
      where = where.and(or(filter.statuses().stream().map(JooqJobSummaries::shown).toList()));
    }
    if (filter.nameContains() != null && !filter.nameContains().isBlank()) {
      where =
          where.and(
              lower(JOB_SUMMARIES.NAME)
                  .contains(filter.nameContains().toLowerCase(java.util.Locale.ROOT)));
    }
    if (filter.createdAfter() != null) {
      where = where.and(JOB_SUMMARIES.CREATED_AT.ge(Times.utc(filter.createdAfter())));
    }
    if (filter.createdBefore() != null) {
      where = where.and(JOB_SUMMARIES.CREATED_AT.lt(Times.utc(filter.createdBefore())));
    }
    return where;
  }

  /** The rows in a shown status: QUEUED and RUNNING split the domain's RUNNING by current step. */
  private static Condition shown(JobView.Status status) {
    return switch (status) {
      case QUEUED -> JOB_SUMMARIES.STATUS.eq("RUNNING").and(JOB_SUMMARIES.CURRENT_STEP.isNull());
      case RUNNING ->
          JOB_SUMMARIES.STATUS.eq("RUNNING").and(JOB_SUMMARIES.CURRENT_STEP.isNotNull());
      case PENDING, PAUSED, AWAITING_APPROVAL, COMPLETED, FAILED, CANCELLED ->
          JOB_SUMMARIES.STATUS.eq(status.name());
    };
  }

  @Override
  public long count(JobFilter filter) {
    return dsl.fetchCount(JOB_SUMMARIES, matching(filter));
  }

  @Override
  public Map<JobView.Status, Long> countByShownStatus(JobFilter filter) {
    var counts = new EnumMap<JobView.Status, Long>(JobView.Status.class);
    Field<Boolean> stepStarted = field(JOB_SUMMARIES.CURRENT_STEP.isNotNull());
    dsl.select(JOB_SUMMARIES.STATUS, stepStarted, DSL.count())
        .from(JOB_SUMMARIES)
        .where(matching(filter))
        .groupBy(JOB_SUMMARIES.STATUS, stepStarted)
        .forEach(
            r ->
                counts.merge(
                    JobViewFold.status(JobStatus.valueOf(r.value1()), r.value2()),
                    r.value3().longValue(),
                    Long::sum));
    return counts;
  }

  @Override
  public Map<JobStatus, Long> countByStatus() {
    var counts = new java.util.EnumMap<JobStatus, Long>(JobStatus.class);
    dsl.select(JOB_SUMMARIES.STATUS, DSL.count())
        .from(JOB_SUMMARIES)
        .groupBy(JOB_SUMMARIES.STATUS)
        .forEach(r -> counts.put(JobStatus.valueOf(r.value1()), r.value2().longValue()));
    return counts;
  }

  @Override
  public List<JobSummary> replaysOf(JobId original) {
    return dsl.selectFrom(JOB_SUMMARIES)
        .where(JOB_SUMMARIES.ORIGIN_JOB_ID.eq(original.value()))
        .orderBy(JOB_SUMMARIES.CREATED_AT, JOB_SUMMARIES.JOB_ID)
        .fetch(JooqJobSummaries::toSummary);
  }

  @Override
  public boolean rebuild(JobState state, StreamHead head) {
    JobSummary s = JobSummary.of(state);
    var row = new LinkedHashMap<Field<?>, Object>();
    row.put(JOB_SUMMARIES.VERSION, head.version());
    row.put(JOB_SUMMARIES.LAST_HASH, Hashes.bytes(head.lastHash()));
    row.put(JOB_SUMMARIES.NAME, s.name());
    row.put(JOB_SUMMARIES.STATUS, s.status().name());
    row.put(JOB_SUMMARIES.PROGRESS, s.progress());
    row.put(JOB_SUMMARIES.CURRENT_STEP, s.currentStep());
    row.put(JOB_SUMMARIES.CREATED_BY, s.createdBy());
    row.put(JOB_SUMMARIES.CREATED_AT, Times.utc(s.createdAt()));
    row.put(JOB_SUMMARIES.UPDATED_AT, Times.utc(s.updatedAt()));
    row.put(JOB_SUMMARIES.ORIGIN_JOB_ID, s.originJobId() == null ? null : s.originJobId().value());
    row.put(JOB_SUMMARIES.ORIGIN_VERSION, s.originVersion());
    row.put(
        JOB_SUMMARIES.APPROVAL_DUE_AT,
        s.approvalDueAt() == null ? null : Times.utc(s.approvalDueAt()));
    return dsl.insertInto(JOB_SUMMARIES)
            .set(JOB_SUMMARIES.JOB_ID, state.id().value())
            .set(row)
            .onConflict(JOB_SUMMARIES.JOB_ID)
            .doUpdate()
            .set(row)
            // Never move a head backwards: a concurrent append wins over the rebuild.
            .where(JOB_SUMMARIES.VERSION.le(head.version()))
            .execute()
        == 1;
  }

  private static JobSummary toSummary(JobSummariesRecord r) {
    return new JobSummary(
        new JobId(r.getJobId()),
        r.getName(),
        JobStatus.valueOf(r.getStatus()),
        r.getProgress(),
        r.getCurrentStep(),
        r.getCreatedAt().toInstant(),
        r.getUpdatedAt().toInstant(),
        r.getCreatedBy(),
        r.getVersion(),
        r.getOriginJobId() == null ? null : new JobId(r.getOriginJobId()),
        r.getOriginVersion(),
        r.getApprovalDueAt() == null ? null : r.getApprovalDueAt().toInstant());
  }
}
