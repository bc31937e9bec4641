package io.jobtrail.persistence.event;

import io.jobtrail.application.audit.AuditService;
import io.jobtrail.application.job.JobCommandHandler;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.replay.ReplayService;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.TestClock;
import io.jobtrail.persistence.testing.TestDatabase;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/** The application core wired to the jOOQ adapters of one test database, as bootstrap wires it. */
record JooqPorts(
    JooqJobEventStore events,
    JooqJobSummaries summaries,
    JooqJobSnapshots snapshots,
    JobRepository repository,
    TestClock clock,
    UuidV7 ids) {

  private static final Tracer TRACER = OpenTelemetry.noop().getTracer("test");

  JooqPorts(TestDatabase db, int snapshotEvery) {
    this(db, snapshotEvery, JooqJobEventStore.DEFAULT_BATCHES_IN_FLIGHT);
  }

  /** With a store that writes at most {@code batchesInFlight} append batches at a time. */
  JooqPorts(TestDatabase db, int snapshotEvery, int batchesInFlight) {
    this(
        new JooqJobEventStore(db.dsl(), () -> {}, batchesInFlight),
        new JooqJobSummaries(db.dsl()),
        new JooqJobSnapshots(db.dsl()),
        snapshotEvery,
        new TestClock(JobStory.T0));
  }

  private JooqPorts(
      JooqJobEventStore events,
      JooqJobSummaries summaries,
      JooqJobSnapshots snapshots,
      int snapshotEvery,
      TestClock clock) {
    this(
        events,
        summaries,
        snapshots,
        new JobRepository(events, snapshots, snapshotEvery),
        clock,
        new UuidV7(clock));
  }

  AuditService audit() {
    return new AuditService(events, summaries, snapshots);
  }

  ReplayService replay() {
    return new ReplayService(
        events, summaries, snapshots, repository, ids, clock, TRACER, "test-instance");
  }

  /** A command handler that retries conflicts up to {@code maxConflictRetries} times. */
  JobCommandHandler handler(int maxConflictRetries) {
    return new JobCommandHandler(repository, ids, TRACER, "test-instance", maxConflictRetries);
  }
}
