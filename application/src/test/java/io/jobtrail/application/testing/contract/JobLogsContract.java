package io.jobtrail.application.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.log.JobLogEntry;
import io.jobtrail.application.log.LogLevel;
import io.jobtrail.application.log.LogLine;
import io.jobtrail.application.port.out.JobLogs;
import io.jobtrail.domain.job.JobId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobLogs} must do; subclasses say how to make a fresh one. */
public abstract class JobLogsContract {

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123456Z");

  private JobLogs logs;

  protected abstract JobLogs newLogs();

  @BeforeEach
  void setUpLogs() {
    logs = newLogs();
  }

  private static JobId newJobId() {
    return new JobId(UUID.randomUUID());
  }

  private static LogLine line(String message) {
    return new LogLine(T0, LogLevel.INFO, "code-1", message, null, null, "instance-a");
  }

  @Test
  void givenTwoJobs_whenLinesAppended_thenEachJobIsNumberedFromOne() {
    JobId a = newJobId();
    JobId b = newJobId();

    logs.append(a, List.of(line("a1"), line("a2")));
    logs.append(b, List.of(line("b1")));
    List<JobLogEntry> appended = logs.append(a, List.of(line("a3")));

    assertThat(appended).extracting(JobLogEntry::sequence).containsExactly(3L);
    assertThat(logs.read(a, 0, 10))
        .extracting(JobLogEntry::sequence, JobLogEntry::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, "a1"),
            org.assertj.core.groups.Tuple.tuple(2L, "a2"),
            org.assertj.core.groups.Tuple.tuple(3L, "a3"));
    assertThat(logs.read(b, 0, 10)).extracting(JobLogEntry::sequence).containsExactly(1L);
  }

  @Test
  void givenLog_whenReadAfterASequence_thenOnlyLaterLinesUpToTheLimitAreReturned() {
    JobId job = newJobId();
    for (int i = 1; i <= 5; i++) {
      logs.append(job, List.of(line("line " + i)));
    }

    assertThat(logs.read(job, 2, 2))
        .extracting(JobLogEntry::message)
        .containsExactly("line 3", "line 4");
    assertThat(logs.read(job, 5, 10)).isEmpty();
    assertThat(logs.read(newJobId(), 0, 10)).isEmpty();
  }

  @Test
  void givenLineWithEveryField_whenStoredAndRead_thenItComesBackUnchanged() {
    JobId job = newJobId();
    var full =
        new LogLine(
            T0,
            LogLevel.WARN,
            "critique-2",
            "räksmörgås: \"quoted\"\nsecond line",
            "0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331",
            "instance-b");
    var bare = new LogLine(T0.plusMillis(1), LogLevel.DEBUG, null, "", null, null, "instance-b");

    logs.append(job, List.of(full, bare));

    assertThat(logs.read(job, 0, 10))
        .containsExactly(JobLogEntry.of(job, 1, full), JobLogEntry.of(job, 2, bare));
  }

  @Test
  void givenConcurrentWriters_whenAllAppended_thenSequencesHaveNoGapsOrDuplicates()
      throws Exception {
    JobId job = newJobId();
    int writers = 8;
    int perWriter = 25;
    var tasks = new ArrayList<Callable<Void>>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      tasks.add(
          () -> {
            for (int i = 0; i < perWriter; i++) {
              logs.append(job, List.of(line(writer + "-" + i), line(writer + "-" + i + "b")));
            }
            return null;
          });
    }
    try (var pool = Executors.newFixedThreadPool(writers)) {
      for (var future : pool.invokeAll(tasks)) {
        future.get();
      }
    }

    List<JobLogEntry> all = logs.read(job, 0, 1_000);
    long total = writers * perWriter * 2L;
    assertThat(all)
        .extracting(JobLogEntry::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    // The two lines of one append stay together.
    for (int i = 0; i < all.size(); i += 2) {
      assertThat(all.get(i + 1).message()).isEqualTo(all.get(i).message() + "b");
    }
  }
}
