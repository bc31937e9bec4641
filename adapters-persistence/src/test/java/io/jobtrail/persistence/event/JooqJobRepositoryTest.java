package io.jobtrail.persistence.event;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static io.jobtrail.persistence.jooq.Tables.JOB_SNAPSHOTS;
import static io.jobtrail.persistence.jooq.Tables.JOB_SUMMARIES;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.LoadedJob;
import io.jobtrail.application.port.in.AuditJobs.VerificationReport;
import io.jobtrail.application.port.in.ReplayJobs.RebuildReport;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.persistence.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JobRepository}, verification and rebuilding over PostgreSQL: snapshots taken every five
 * events give the same state as the full fold at every version and every moment, and a damaged read
 * model is found and repaired from the log. Each test has a database of its own, since rebuilding
 * reports on every job in it.
 */
class JooqJobRepositoryTest {

  private static final int SNAPSHOT_EVERY = 5;

  private TestDatabase db;
  private JooqPorts ports;

  @BeforeEach
  void createDatabase() {
    db = TestDatabase.createFresh();
    ports = new JooqPorts(db, SNAPSHOT_EVERY);
  }

  @AfterEach
  void dropDatabase() {
    db.close();
  }

  /** About thirty events: a pause, a retried failure, two rejected drafts, approval. */
  private static JobStory longStory() {
    return JobStory.create(newJobId(), "repository", T0)
        .start()
        .pause("lunch")
        .advance(Duration.ofMinutes(30))
        .resume()
        .nextStep()
        .fail(FailureKind.ERROR, "flaky", Duration.ofMillis(200))
        .advance(Duration.ofSeconds(3))
        .runToApproval(2);
  }

  /** Appends the story through the repository, loading before each append as a handler does. */
  private void appendThrough(JobStory story) {
    JobRepository repository = ports.repository();
    for (List<JobEvent> batch : story.batches()) {
      LoadedJob loaded = repository.load(story.jobId()).orElse(null);
      repository.append(loaded, StoryWriter.newEvents(batch));
    }
  }

  private int snapshotCount(JobStory story) {
    return db.dsl().fetchCount(JOB_SNAPSHOTS, JOB_SNAPSHOTS.JOB_ID.eq(story.jobId().value()));
  }

  @Test
  void givenSnapshotsEveryFiveEvents_whenLoadedAtEachVersion_thenEqualsTheFullFold() {
    JobStory story = longStory();
    appendThrough(story);
    int n = story.events().size();
    assertThat(n).isGreaterThan(4 * SNAPSHOT_EVERY);
    assertThat(snapshotCount(story)).isGreaterThanOrEqualTo(n / SNAPSHOT_EVERY - 1);

    for (int version = 1; version <= n; version++) {
      JobState fullFold = JobEvolution.replay(story.events().subList(0, version));
      LoadedJob loaded = ports.repository().loadAt(story.jobId(), version).orElseThrow();
      assertThat(loaded.state()).as("state at version %d", version).isEqualTo(fullFold);
      assertThat(loaded.head().version()).isEqualTo(version);
    }
    LoadedJob current = ports.repository().load(story.jobId()).orElseThrow();
    assertThat(current.state()).isEqualTo(story.state());
    assertThat(current.head().lastHash())
        .isEqualTo(ports.events().readStream(story.jobId(), n - 1, 1).getFirst().hash());
  }

  @Test
  void givenSnapshotsEveryFiveEvents_whenVerified_thenLogSummarySnapshotAndChainAgree() {
    JobStory story = longStory();
    appendThrough(story);

    VerificationReport report = ports.audit().verify(story.jobId());

    assertThat(report.differences()).isEmpty();
    assertThat(report.ok()).isTrue();
    assertThat(report.eventsChecked()).isEqualTo(story.events().size());
  }

  @Test
  void givenACorruptedSummaryRow_whenVerified_thenTheDifferenceIsReportedAndARebuildRepairsIt() {
    JobStory story = longStory();
    JobStory other = JobStory.create(newJobId(), "untouched", T0).start();
    appendThrough(story);
    appendThrough(other);
    db.dsl()
        .update(JOB_SUMMARIES)
        .set(JOB_SUMMARIES.STATUS, JobStatus.CANCELLED.name())
        .set(JOB_SUMMARIES.PROGRESS, 0.125)
        .where(JOB_SUMMARIES.JOB_ID.eq(story.jobId().value()))
        .execute();

    VerificationReport broken = ports.audit().verify(story.jobId());

    assertThat(broken.ok()).isFalse();
    assertThat(broken.hashChainIntact()).as("the log itself is fine").isTrue();
    assertThat(broken.differences())
        .anySatisfy(d -> assertThat(d).contains("status").contains("CANCELLED"))
        .anySatisfy(d -> assertThat(d).contains("progress").contains("0.125"));

    RebuildReport rebuilt = ports.replay().rebuildProjections();

    assertThat(rebuilt.jobsReplayed()).isEqualTo(2);
    assertThat(rebuilt.jobsClean()).isEqualTo(2);
    assertThat(rebuilt.jobsFailed()).isZero();
    assertThat(rebuilt.failures()).isEmpty();
    assertThat(ports.summaries().find(story.jobId())).contains(JobSummary.of(story.state()));
    assertThat(ports.audit().verify(story.jobId()).ok()).isTrue();
    assertThat(ports.audit().verify(other.jobId()).ok()).isTrue();
  }

  @Test
  void givenALostSummaryRowAndTamperedEvent_whenRebuilt_thenTheRowIsBackAndTheTamperingReported() {
    JobStory lost = JobStory.create(newJobId(), "lost row", T0).start().pause(null);
    JobStory tampered = longStory();
    appendThrough(lost);
    appendThrough(tampered);
    db.dsl()
        .deleteFrom(JOB_SUMMARIES)
        .where(JOB_SUMMARIES.JOB_ID.eq(lost.jobId().value()))
        .execute();
    Tampering.withTriggersOff(
        db,
        "update job_events set data = jsonb_set(data, '{actor}', '\"mallory\"')"
            + " where job_id = ? and version = ?",
        tampered.jobId(),
        2);
    assertThat(ports.audit().verify(lost.jobId()).differences())
        .contains("read model: the job summary is missing");

    RebuildReport rebuilt = ports.replay().rebuildProjections();

    assertThat(rebuilt.jobsReplayed()).isEqualTo(2);
    assertThat(rebuilt.jobsClean()).isEqualTo(1);
    assertThat(rebuilt.failures())
        .singleElement()
        .satisfies(f -> assertThat(f).startsWith(tampered.jobId().toString()));
    assertThat(ports.summaries().find(lost.jobId())).contains(JobSummary.of(lost.state()));
    VerificationReport report = ports.audit().verify(tampered.jobId());
    assertThat(report.hashChainIntact()).isFalse();
    assertThat(report.firstBrokenVersion()).isEqualTo(2L);
  }

  @Test
  void givenEventsAtKnownTimes_whenLoadedAtAMomentBetweenTwo_thenTheStateAfterTheEarlierOne() {
    JobStory story = longStory();
    appendThrough(story);
    List<JobEvent> events = story.events();
    // The pause (version 3) and the resume half an hour later (version 4).
    Instant paused = events.get(2).at();
    Instant resumed = events.get(3).at();
    assertThat(Duration.between(paused, resumed)).isGreaterThan(Duration.ofMinutes(30));
    Instant between = paused.plus(Duration.ofMinutes(10));

    LoadedJob atThen = ports.repository().loadAt(story.jobId(), between).orElseThrow();

    assertThat(atThen.state()).isEqualTo(story.stateAt(3));
    assertThat(atThen.state().status()).isEqualTo(JobStatus.PAUSED);
    assertThat(atThen.head().version()).isEqualTo(3);
    assertThat(ports.repository().loadAt(story.jobId(), paused).orElseThrow().state())
        .as("an event at exactly that moment counts")
        .isEqualTo(story.stateAt(3));
    assertThat(
            ports.repository().loadAt(story.jobId(), paused.minusNanos(1000)).orElseThrow().state())
        .isEqualTo(story.stateAt(2));
    assertThat(ports.repository().loadAt(story.jobId(), T0.minusSeconds(1))).isEmpty();
  }

  @Test
  void givenEveryMomentOfAJob_whenLoadedAtEach_thenTheFoldOfTheEventsUpToIt() {
    JobStory story = longStory();
    appendThrough(story);
    List<JobEvent> events = story.events();

    for (int i = 0; i < events.size(); i++) {
      Instant at = events.get(i).at();
      int upTo = i;
      while (upTo + 1 < events.size() && !events.get(upTo + 1).at().isAfter(at)) {
        upTo++;
      }
      JobState expected = JobEvolution.replay(events.subList(0, upTo + 1));
      assertThat(ports.repository().loadAt(story.jobId(), at).orElseThrow().state())
          .as("at %s (event %d)", at, i + 1)
          .isEqualTo(expected);
    }
  }
}
