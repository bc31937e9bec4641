package io.jobtrail.persistence.event;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.JobHeadCheckpoints;
import io.jobtrail.application.readmodel.RecordedHead;
import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Head checkpoints in {@code job_head_checkpoints} (append-only, see the V4 migration). Recording
 * is one statement that copies each head from {@code job_summaries} that is above the job's highest
 * checkpoint; instances that record at once skip each other's rows.
 */
public final class JooqJobHeadCheckpoints implements JobHeadCheckpoints {

  private final DSLContext dsl;

  public JooqJobHeadCheckpoints(DSLContext dsl) {
    this.dsl = dsl;
  }

  @Override
  public int record(Instant at) {
    return dsl.execute(
        """
        insert into job_head_checkpoints (job_id, version, last_hash, recorded_at)
        select s.job_id, s.version, s.last_hash, cast(? as timestamptz)
          from job_summaries s
         where s.version > coalesce(
                 (select max(c.version) from job_head_checkpoints c where c.job_id = s.job_id), 0)
        on conflict do nothing
        """,
        Times.utc(at));
  }

  @Override
  public Optional<StreamHead> latest(JobId jobId) {
    return dsl.fetchOptional(
            "select version, last_hash from job_head_checkpoints where job_id = ?"
                + " order by version desc limit 1",
            jobId.value())
        .map(r -> new StreamHead(r.get(0, Long.class), Hashes.hex(r.get(1, byte[].class))));
  }

  @Override
  public List<RecordedHead> latestHeads(@Nullable JobId after, int limit) {
    return dsl.fetch(
            """
            select distinct on (job_id) job_id, version, last_hash, recorded_at
              from job_head_checkpoints
             where (cast(? as uuid) is null or job_id > cast(? as uuid))
             order by job_id, version desc
             limit ?
            """,
            after == null ? null : after.value(),
            after == null ? null : after.value(),
            limit)
        .map(
            r ->
                new RecordedHead(
                    new JobId(r.get(0, UUID.class)),
                    r.get(1, Long.class),
                    Hashes.hex(r.get(2, byte[].class)),
                    r.get(3, OffsetDateTime.class).toInstant()));
  }
}
