package io.jobtrail.application.testing.contract;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobHeadCheckpoints;
import io.jobtrail.application.readmodel.RecordedHead;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.JobId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobHeadCheckpoints} must do, beside the store whose heads it records. */
public abstract class JobHeadCheckpointsContract {

  /** A store and the checkpoints of the heads its appends move. */
  public record Ports(JobEventStore events, JobHeadCheckpoints checkpoints) {}

  private Ports ports;

  protected abstract Ports newPorts();

  @BeforeEach
  void createPorts() {
    ports = newPorts();
  }

  private AppendResult writeAll(JobStory story) {
    var writer = new StoryWriter(ports.events(), story);
    AppendResult last = null;
    while (writer.hasNext()) {
      last = writer.appendNext();
    }
    return last;
  }

  @Test
  void givenAJobThatMoved_whenRecorded_thenItsHeadIsTheLatestCheckpoint() {
    JobStory story = JobStory.create(newJobId(), "checkpointed", T0).start();
    AppendResult head = writeAll(story);

    assertThat(ports.checkpoints().record(T0)).isGreaterThanOrEqualTo(1);

    assertThat(ports.checkpoints().latest(story.jobId())).contains(head.head());
  }

  @Test
  void givenNoMoveSinceTheLastCheckpoint_whenRecordedAgain_thenNothingNewForThatJob() {
    JobStory story = JobStory.create(newJobId(), "still", T0);
    writeAll(story);
    ports.checkpoints().record(T0);

    ports.checkpoints().record(T0.plusSeconds(60));

    assertThat(headsOf(story.jobId())).hasSize(1);
  }

  @Test
  void givenAJobNeverRecorded_whenLookedUp_thenEmpty() {
    assertThat(ports.checkpoints().latest(newJobId())).isEmpty();
  }

  @Test
  void givenManyJobs_whenPagedThroughTheLatestHeads_thenEachJobOnceAtItsHighestHead() {
    var jobs = new ArrayList<JobId>();
    var moving = new StoryWriter(ports.events(), JobStory.create(newJobId(), "moving", T0).start());
    moving.appendNext();
    jobs.add(moving.results().getFirst().events().getFirst().jobId());
    for (int i = 0; i < 6; i++) {
      JobStory story = JobStory.create(newJobId(), "paged " + i, T0);
      writeAll(story);
      jobs.add(story.jobId());
    }
    ports.checkpoints().record(T0);
    StreamHead later = moving.appendRest().getLast().head();
    ports.checkpoints().record(T0.plusSeconds(60));

    var seen = new ArrayList<RecordedHead>();
    JobId after = null;
    while (true) {
      List<RecordedHead> page = ports.checkpoints().latestHeads(after, 3);
      seen.addAll(page);
      if (page.size() < 3) {
        break;
      }
      after = page.getLast().jobId();
    }

    assertThat(new HashSet<>(seen.stream().map(RecordedHead::jobId).toList())).containsAll(jobs);
    assertThat(seen.stream().map(RecordedHead::jobId).toList()).doesNotHaveDuplicates();
    assertThat(seen)
        .filteredOn(h -> h.jobId().equals(jobs.getFirst()))
        .extracting(RecordedHead::version)
        .containsExactly(later.version());
  }

  private List<RecordedHead> headsOf(JobId jobId) {
    var heads = new ArrayList<RecordedHead>();
    JobId after = null;
    while (true) {
      List<RecordedHead> page = ports.checkpoints().latestHeads(after, 100);
      page.stream().filter(h -> h.jobId().equals(jobId)).forEach(heads::add);
      if (page.size() < 100) {
        return heads;
      }
      after = page.getLast().jobId();
    }
  }
}
