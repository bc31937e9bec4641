package io.jobtrail.persistence.orchestrator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.log.LogLevel;
import io.jobtrail.application.log.LogLine;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.application.testing.contract.JobLogsContract;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.persistence.jooq.Tables;
import io.jobtrail.persistence.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JooqJobLogsTest extends JobLogsContract {

  private TestDatabase db;

  @Override
  protected JobLogs newLogs() {
    db = TestDatabase.createFresh();
    return new JooqJobLogs(db.dsl());
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  @Test
  void givenStoredLine_whenUpdated_thenTheDatabaseRefuses() {
    JobId job = new JobId(UUID.randomUUID());
    new JooqJobLogs(db.dsl())
        .append(
            job, List.of(new LogLine(Instant.now(), LogLevel.INFO, null, "kept", null, null, "a")));

    assertThatThrownBy(
            () ->
                db.dsl().update(Tables.JOB_LOGS).set(Tables.JOB_LOGS.MESSAGE, "changed").execute())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("job_logs is append-only");
  }
}
