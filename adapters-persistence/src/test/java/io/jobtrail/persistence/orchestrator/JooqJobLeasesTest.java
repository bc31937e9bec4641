package io.jobtrail.persistence.orchestrator;

import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;

import io.jobtrail.application.port.out.JobLeases;
import io.jobtrail.application.testing.contract.JobLeasesContract;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.persistence.testing.TestDatabase;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;

class JooqJobLeasesTest extends JobLeasesContract {

  private TestDatabase db;

  @Override
  protected JobLeases newLeases() {
    db = TestDatabase.createFresh();
    return new JooqJobLeases(db.dsl());
  }

  /** A job_summaries row is what the event store writes with every append. */
  @Override
  protected void givenJob(JobId jobId, JobStatus status) {
    OffsetDateTime at = OffsetDateTime.of(2030, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    db.dsl()
        .insertInto(JOB_SUMMARIES)
        .set(JOB_SUMMARIES.JOB_ID, jobId.value())
        .set(JOB_SUMMARIES.VERSION, 2L)
        .set(JOB_SUMMARIES.LAST_HASH, new byte[32])
        .set(JOB_SUMMARIES.NAME, "job")
        .set(JOB_SUMMARIES.STATUS, status.name())
        .set(JOB_SUMMARIES.PROGRESS, 0.0)
        .set(JOB_SUMMARIES.CREATED_BY, "tester")
        .set(JOB_SUMMARIES.CREATED_AT, at)
        .set(JOB_SUMMARIES.UPDATED_AT, at)
        .execute();
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }
}
