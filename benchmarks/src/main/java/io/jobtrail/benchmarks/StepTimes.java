package io.jobtrail.benchmarks;

import io.jobtrail.domain.job.JobId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The orchestration gaps of a set of finished jobs, from their stored events. Every timestamp is
 * the {@code now} of the command that wrote the event, read from the one JVM clock, so the gaps
 * need no clock synchronisation.
 *
 * <ul>
 *   <li>{@code firstStep}: {@code JobStarted} → the first {@code JobStepStarted} (the command's
 *       append and commit, the wake-up, the lease, a worker, loading the job);
 *   <li>{@code nextStep}: {@code JobStepCompleted} → the next {@code JobStepStarted} (the append
 *       that completed the step, the tick handing over, loading the job);
 *   <li>{@code stepRun}: {@code JobStepStarted} → its {@code JobStepCompleted}/{@code
 *       JobStepFailed}: the start command's append, the agent call (0 ms here) on its virtual
 *       thread, and the outcome recorded;
 *   <li>{@code job}: {@code JobStarted} → the job's terminal event.
 * </ul>
 */
record StepTimes(
    int jobs,
    int completed,
    long events,
    long firstEventMicros,
    long lastEventMicros,
    Latency firstStep,
    Latency nextStep,
    Latency stepRun,
    Latency job) {

  private static final Set<String> TERMINAL = Set.of("JobCompleted", "JobFailed", "JobCancelled");

  private record Row(String type, long micros) {}

  static StepTimes of(DataSource dataSource, Collection<JobId> jobIds) throws SQLException {
    var firstStep = new Latency();
    var nextStep = new Latency();
    var stepRun = new Latency();
    var job = new Latency();
    int completed = 0;
    long events = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "select job_id, event_type, occurred_at from job_events where job_id = any(?)"
                    + " order by job_id, version")) {
      Array ids =
          connection.createArrayOf("uuid", jobIds.stream().map(JobId::value).toArray(UUID[]::new));
      select.setArray(1, ids);
      select.setFetchSize(5_000);
      UUID current = null;
      var stream = new ArrayList<Row>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          UUID jobId = rows.getObject(1, UUID.class);
          if (!jobId.equals(current) && !stream.isEmpty()) {
            completed += fold(stream, firstStep, nextStep, stepRun, job);
            stream.clear();
          }
          current = jobId;
          long micros = micros(rows.getObject(3, OffsetDateTime.class).toInstant());
          stream.add(new Row(rows.getString(2), micros));
          events++;
          first = Math.min(first, micros);
          last = Math.max(last, micros);
        }
      }
      if (!stream.isEmpty()) {
        completed += fold(stream, firstStep, nextStep, stepRun, job);
      }
    }
    return new StepTimes(
        jobIds.size(), completed, events, first, last, firstStep, nextStep, stepRun, job);
  }

  /** Records one job's gaps; 1 if it completed. */
  private static int fold(
      List<Row> stream, Latency firstStep, Latency nextStep, Latency stepRun, Latency job) {
    long started = -1;
    boolean completed = false;
    for (int i = 0; i < stream.size(); i++) {
      Row row = stream.get(i);
      switch (row.type()) {
        case "JobStarted" -> started = row.micros();
        case "JobStepStarted" -> {
          Row cause = stream.get(i - 1);
          if (cause.type().equals("JobStarted")) {
            firstStep.record(nanos(row.micros() - cause.micros()));
          } else if (cause.type().equals("JobStepCompleted")) {
            nextStep.record(nanos(row.micros() - cause.micros()));
          }
          for (int j = i + 1; j < stream.size(); j++) {
            String type = stream.get(j).type();
            if (type.equals("JobStepCompleted") || type.equals("JobStepFailed")) {
              stepRun.record(nanos(stream.get(j).micros() - row.micros()));
              break;
            }
          }
        }
        default -> {
          if (TERMINAL.contains(row.type()) && started >= 0) {
            job.record(nanos(row.micros() - started));
            completed = row.type().equals("JobCompleted");
          }
        }
      }
    }
    return completed ? 1 : 0;
  }

  double seconds() {
    return (lastEventMicros - firstEventMicros) / 1e6;
  }

  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
  }

  private static long nanos(long micros) {
    return micros * 1_000;
  }
}
