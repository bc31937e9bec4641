package io.jobtrail.application.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.job.JobRepository;
import io.jobtrail.application.job.UuidV7;
import io.jobtrail.application.port.in.ReplayJobs.RebuildReport;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.InMemoryJobHeadCheckpoints;
import io.jobtrail.application.testing.InMemoryJobSnapshots;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.application.testing.TestClock;
import io.jobtrail.domain.job.JobId;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RebuildProjectionsTest {

  private final TestClock clock = new TestClock(JobStory.T0);
  private final InMemoryJobEventStore events = new InMemoryJobEventStore();
  private final InMemoryJobSnapshots snapshots = new InMemoryJobSnapshots();
  private final ReplayService replay =
      new ReplayService(
          events,
          events.summaries(),
          snapshots,
          new InMemoryJobHeadCheckpoints(events.summaries()),
          new JobRepository(events, snapshots, 5),
          new UuidV7(clock),
          clock,
          OpenTelemetry.noop().getTracer("test"),
          "test");

  @Test
  void givenJobsWithIdsAcrossTheWholeUuidRange_whenRebuilt_thenEveryJobIsReplayedAndClean() {
    // UUIDv7 ids start with 0x01..; ids from elsewhere may start with anything up to 0xff.
    List<JobStory> stories =
        List.of(
            story("00000000-0000-7000-8000-000000000001"),
            story("0190f0e4-7c1a-7b2e-9d3c-1a2b3c4d5e6f"),
            story("80000000-0000-4000-8000-000000000000"),
            story("ffffffff-ffff-4fff-bfff-ffffffffffff"));
    for (JobStory story : stories) {
      StoryWriter.appendAll(events, story);
    }
    snapshots.save(
        stories.get(1).state(), events.summaries().head(stories.get(1).jobId()).orElseThrow());

    RebuildReport report = replay.rebuildProjections();

    assertThat(report.jobsReplayed()).isEqualTo(stories.size());
    assertThat(report.jobsClean()).isEqualTo(stories.size());
    assertThat(report.failures()).isEmpty();
    assertThat(snapshots.versions(stories.get(1).jobId())).as("snapshots are dropped").isEmpty();
    for (JobStory story : stories) {
      assertThat(events.summaries().find(story.jobId())).contains(JobSummary.of(story.state()));
    }
  }

  private static JobStory story(String id) {
    return JobStory.create(new JobId(UUID.fromString(id)), "job " + id, JobStory.T0)
        .start()
        .pause(null);
  }
}
