package io.jobtrail.application.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.event.CommandOrigin;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.testing.CountingStore;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.TestClock;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobRejected;
import io.jobtrail.domain.job.JobStatus;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

/**
 * A command is first decided on the state this instance kept (no read). When another instance
 * appended since, that state is stale: the append's version check catches a decision made on it, a
 * rejection is never decided on it, and the command is decided again on the job as read.
 */
class JobCommandHandlerKeptStateTest {

  private final TestClock clock = new TestClock(JobStory.T0);
  private final InMemoryJobEventStore store = new InMemoryJobEventStore();
  private final CountingStore counted = new CountingStore(store);
  private final InMemoryJobSnapshots snapshots = new InMemoryJobSnapshots();
  private final UuidV7 ids = new UuidV7(clock);
  private final JobCommandHandler here = handler(new JobRepository(counted, snapshots, 1_000));
  private final JobCommandHandler elsewhere = handler(new JobRepository(store, snapshots, 1_000));
  private final CommandOrigin otto = CommandOrigin.user("otto");

  private JobCommandHandler handler(JobRepository repository) {
    return new JobCommandHandler(repository, ids, OpenTelemetry.noop().getTracer("test"), "t", 3);
  }

  private JobId runningJob() {
    JobId id = JobStory.newJobId();
    here.handle(id, JobStory.command(id, "kept", clock.instant(), null), otto);
    here.handle(id, new JobCommand.StartJob("otto", clock.instant()), otto);
    return id;
  }

  @Test
  void givenThisInstanceAppendedLast_whenACommandIsHandled_thenNothingIsRead() {
    JobId id = runningJob();
    counted.reads.set(0);

    var handled = here.handle(id, new JobCommand.PauseJob("lunch", "otto", clock.instant()), otto);

    assertThat(handled.state().status()).isEqualTo(JobStatus.PAUSED);
    assertThat(counted.reads.get()).isZero();
  }

  @Test
  void
      givenAnotherInstanceAppendedSince_whenACommandFitsBoth_thenItIsRecordedOnceAfterThoseEvents() {
    JobId id = runningJob();
    elsewhere.handle(id, new JobCommand.PauseJob("lunch", "vera", clock.instant()), otto);

    // Kept here: RUNNING, version 2. The job is PAUSED at version 3: cancelling fits both.
    var handled = here.handle(id, new JobCommand.CancelJob("done", "otto", clock.instant()), otto);

    assertThat(handled.state().status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(store.readStream(id, 0, 100))
        .extracting(RecordedEvent::version)
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(handled.state()).isEqualTo(JobRepository.fold(store.readStream(id, 0, 100)));
  }

  @Test
  void givenAnotherInstanceAppendedSince_whenTheKeptStateWouldReject_thenTheJobAsReadDecides() {
    JobId id = runningJob();
    elsewhere.handle(id, new JobCommand.PauseJob("lunch", "vera", clock.instant()), otto);

    // Kept here: RUNNING, where resuming is refused; the job is PAUSED, where it fits.
    var handled = here.handle(id, new JobCommand.ResumeJob("otto", clock.instant()), otto);

    assertThat(handled.state().status()).isEqualTo(JobStatus.RUNNING);
    assertThat(store.readStream(id, 0, 100)).hasSize(4);
  }

  @Test
  void givenAStaleKeptState_whenTheJobAsReadRejects_thenTheRejectionIsTheCurrentOne() {
    JobId id = runningJob();
    elsewhere.handle(id, new JobCommand.CancelJob("gone", "vera", clock.instant()), otto);

    // Kept here: RUNNING, where pausing fits; the job is CANCELLED.
    assertThatThrownBy(
            () -> here.handle(id, new JobCommand.PauseJob("lunch", "otto", clock.instant()), otto))
        .isInstanceOf(JobRejected.class);
    assertThat(store.readStream(id, 0, 100)).hasSize(3);
  }

  @Test
  void givenANewJobId_whenTheJobIsCreated_thenNothingIsRead() {
    JobId id = JobStory.newJobId();
    counted.reads.set(0);

    var handled = here.handle(id, JobStory.command(id, "new", clock.instant(), null), otto);

    assertThat(handled.state().status()).isEqualTo(JobStatus.PENDING);
    assertThat(counted.reads.get()).isZero();
  }

  @Test
  void givenAJobIdInUse_whenCreatedAgain_thenTheJobAsReadRejectsIt() {
    JobId id = JobStory.newJobId();
    elsewhere.handle(id, JobStory.command(id, "first", clock.instant(), null), otto);

    assertThatThrownBy(
            () -> here.handle(id, JobStory.command(id, "second", clock.instant(), null), otto))
        .isInstanceOf(JobRejected.class);
    assertThat(store.readStream(id, 0, 100)).hasSize(1);
  }
}
