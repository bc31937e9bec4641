package io.jobtrail.persistence.event;

import io.jobtrail.application.testing.contract.JobSummariesContract;
import io.jobtrail.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The summaries contract against PostgreSQL, written by the jOOQ store's appends. */
class JooqJobSummariesTest extends JobSummariesContract {

  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.createFresh();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Override
  protected Ports newPorts() {
    return new Ports(new JooqJobEventStore(db.dsl(), () -> {}), new JooqJobSummaries(db.dsl()));
  }
}
