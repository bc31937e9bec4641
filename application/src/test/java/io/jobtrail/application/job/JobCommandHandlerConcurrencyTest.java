package io.jobtrail.application.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.testing.CommandRace;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.TestClock;
import io.jobtrail.domain.job.JobId;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/**
 * Many threads control one job at once through the command handler: every command is either applied
 * exactly once or rejected with the domain's reason, and the log stays gapless and valid (the
 * checks of {@link CommandRace}).
 */
class JobCommandHandlerConcurrencyTest {

  private final TestClock clock = new TestClock(JobStory.T0);
  private final InMemoryJobEventStore events = new InMemoryJobEventStore();
  private final JobRepository repository = new JobRepository(events, new InMemoryJobSnapshots(), 7);
  private final UuidV7 ids = new UuidV7(clock);
  // Enough retries that no writer gives up: a conflict must end in an append or a rejection.
  private final JobCommandHandler handler =
      new JobCommandHandler(
          repository, ids, OpenTelemetry.noop().getTracer("test"), "test", 10_000);

  @Test
  void
      givenManyThreadsControllingOneJob_whenTheyRace_thenEveryCommandAppliedOnceOrRejectedAndLogGapless()
          throws Exception {
    JobId jobId = new JobId(ids.next());

    var race = CommandRace.run(handler, events, jobId, clock::instant, 8, 60);

    assertThat(repository.load(jobId).orElseThrow().state()).isEqualTo(race.state());
    assertThat(events.verifyChain(jobId).intact()).isTrue();
  }
}
