package io.jobtrail.persistence.event;

import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.persistence.jooq.tables.records.JobSummariesRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
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
  public List<JobSummary> list(JobFilter filter, JobSummary.@Nullable Cursor after, int limit) {
    Condition where = noCondition();
    if (!filter.statuses().isEmpty()) {
      where =
          where.and(JOB_SUMMARIES.STATUS.in(filter.statuses().stream().map(Enum::name).toList()));
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
    if (after != null) {
      where =
          where.and(
              row(JOB_SUMMARIES.CREATED_AT, JOB_SUMMARIES.JOB_ID)
                  .lt(Times.utc(after.createdAt()), after.jobId().value()));
    }
    return dsl.selectFrom(JOB_SUMMARIES)
        .where(where)
        .orderBy(JOB_SUMMARIES.CREATED_AT.desc(), JOB_SUMMARIES.JOB_ID.desc())
        .limit(limit)
        .fetch(JooqJobSummaries::toSummary);
  }

  @Override
  public Map<JobStatus, Long> countByStatus() {
    var counts = new java.util.EnumMap<JobStatus, Long>(JobStatus.class);
    dsl.select(JOB_SUMMARIES.STATUS, org.jooq.impl.DSL.count())
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
        r.getOriginVersion());
  }
}
