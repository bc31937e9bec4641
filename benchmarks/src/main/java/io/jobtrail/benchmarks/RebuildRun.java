package io.jobtrail.benchmarks;

import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.LoadedJob;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobSnapshots;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Rebuilding a job's state from PostgreSQL: {@link JobRepository#load} of a job without a snapshot
 * (every event read, upcast and folded), of the same history with a snapshot {@code tail} events
 * behind its head, and the floor, a plain JDBC SELECT of the job's rows. The three are timed in
 * turn, round after round, so they see the same conditions.
 */
final class RebuildRun {

  record Result(
      int events, int tail, Latency plainSelect, Latency withoutSnapshot, Latency withSnapshot) {}

  private final DataSource dataSource;
  private final JobEventStore store;
  private final JobSnapshots snapshots;
  private final JobRepository repository;

  RebuildRun(DataSource dataSource, JobEventStore store, JobSnapshots snapshots) {
    this.dataSource = dataSource;
    this.store = store;
    this.snapshots = snapshots;
    // Snapshots are placed by hand below; the interval only matters for appends.
    this.repository = new JobRepository(store, snapshots, Integer.MAX_VALUE);
  }

  Result run(int n, Timing timing) throws Exception {
    JobId plainJob = new JobId(Events.id());
    JobId snapshotted = new JobId(Events.id());
    List<List<JobEvent>> history = History.of(plainJob, n, n);
    write(plainJob, history, -1);
    int tail = Math.min(50, n / 2);
    write(snapshotted, History.of(snapshotted, n, n), n - tail);
    check(plainJob, n);
    check(snapshotted, n);

    var select = new Latency();
    var without = new Latency();
    var with = new Latency();
    long warmupEnd = System.nanoTime() + timing.warmup().toNanos();
    for (int i = 0; i < 100_000 && System.nanoTime() < warmupEnd; i++) {
      plainSelect(plainJob);
      repository.load(plainJob);
      repository.load(snapshotted);
    }
    int rounds =
        n <= 50
            ? timing.rebuildRounds() * 50
            : n <= 1_000 ? timing.rebuildRounds() * 5 : timing.rebuildRounds();
    long end = System.nanoTime() + timing.measure().toNanos() * 2;
    for (int i = 0; i < rounds && System.nanoTime() < end; i++) {
      long t0 = System.nanoTime();
      int rows = plainSelect(plainJob);
      long t1 = System.nanoTime();
      LoadedJob full = repository.load(plainJob).orElseThrow();
      long t2 = System.nanoTime();
      LoadedJob fromSnapshot = repository.load(snapshotted).orElseThrow();
      long t3 = System.nanoTime();
      if (rows != n || full.head().version() != n || fromSnapshot.head().version() != n) {
        throw new IllegalStateException("a rebuild read the wrong number of events");
      }
      select.record(t1 - t0);
      without.record(t2 - t1);
      with.record(t3 - t2);
    }
    return new Result(n, tail, select, without, with);
  }

  /** Appends the history in appends of at most 500 events; a snapshot at {@code snapshotAt}. */
  private void write(JobId jobId, List<List<JobEvent>> history, long snapshotAt) {
    StreamHead head = StreamHead.EMPTY;
    @Nullable JobState state = null;
    var pending = new ArrayList<JobEvent>();
    for (List<JobEvent> batch : history) {
      pending.addAll(batch);
      if (pending.size() >= 500 || batch == history.getLast()) {
        for (JobEvent event : pending) {
          JobState before = state;
          state = JobEvolution.evolve(before, event);
        }
        var newEvents =
            pending.stream().map(e -> new NewEvent(Events.id(), e, Events.METADATA)).toList();
        AppendResult result = store.append(jobId, head, newEvents, state);
        head = result.head();
        pending.clear();
      }
    }
    if (snapshotAt > 0) {
      var at = repository.loadAt(jobId, snapshotAt).orElseThrow();
      snapshots.save(at.state(), at.head());
    }
  }

  private void check(JobId jobId, int n) {
    JobState folded =
        JobEvolution.replay(
            store.readStream(jobId, 0, n + 1).stream().map(e -> e.event()).toList());
    if (!repository.load(jobId).orElseThrow().state().equals(folded) || folded.version() != n) {
      throw new IllegalStateException("loading job " + jobId + " does not give the full fold");
    }
  }

  /** Every column of every row of the job, in version order, read as a JDBC client would. */
  private int plainSelect(JobId jobId) throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "select * from job_events where job_id = ? order by version")) {
      select.setObject(1, jobId.value());
      int rows = 0;
      long checksum = 0;
      try (ResultSet rs = select.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int c = 1; c <= columns; c++) {
            Object value = rs.getObject(c);
            checksum += value == null ? 0 : 1;
          }
          rows++;
        }
      }
      if (checksum == 0 && rows > 0) {
        throw new IllegalStateException("empty rows");
      }
      return rows;
    }
  }
}
