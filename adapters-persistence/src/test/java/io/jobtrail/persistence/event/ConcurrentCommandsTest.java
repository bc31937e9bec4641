package io.jobtrail.persistence.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.testing.CommandRace;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.persistence.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many threads command one job through {@link JobCommandHandler} against PostgreSQL: the head row
 * admits one writer per version, losers reload and decide again, and the log stays 1..n (the checks
 * of {@link CommandRace}) with increasing positions, an intact chain and a summary that matches the
 * fold.
 */
class ConcurrentCommandsTest {

  private static TestDatabase db;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.createFresh();
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void givenManyThreadsCommandingOneJob_whenTheyRace_thenVersionsRunOneToNAndTheChainHolds()
      throws Exception {
    var ports = new JooqPorts(db, 7);
    // Enough retries that no writer gives up: a conflict must end in an append or a rejection.
    JobCommandHandler handler = ports.handler(10_000);
    JobId jobId = new JobId(ports.ids().next());

    var race = CommandRace.run(handler, ports.events(), jobId, ports.clock()::instant, 8, 40);

    assertThat(race.log()).extracting(RecordedEvent::position).isSorted().doesNotHaveDuplicates();
    assertThat(ports.events().verifyChain(jobId).intact()).isTrue();
    assertThat(ports.events().verifyChain(jobId).eventsChecked()).isEqualTo(race.log().size());
    assertThat(ports.audit().verify(jobId).differences()).isEmpty();
    assertThat(ports.repository().load(jobId).orElseThrow().state()).isEqualTo(race.state());
  }
}
