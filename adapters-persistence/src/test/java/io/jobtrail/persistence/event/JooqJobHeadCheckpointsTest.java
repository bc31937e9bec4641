package io.jobtrail.persistence.event;

import io.jobtrail.application.testing.contract.JobHeadCheckpointsContract;
import io.jobtrail.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The head checkpoints contract against PostgreSQL. */
class JooqJobHeadCheckpointsTest extends JobHeadCheckpointsContract {

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
    return new Ports(
        new JooqJobEventStore(db.dsl(), () -> {}), new JooqJobHeadCheckpoints(db.dsl()));
  }
}
