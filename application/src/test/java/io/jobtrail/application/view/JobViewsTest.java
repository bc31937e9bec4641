package io.jobtrail.application.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.AgentResult;
import org.junit.jupiter.api.Test;

class JobViewsTest {

  private final InMemoryJobEventStore store = new InMemoryJobEventStore();
  private final JobViews views = new JobViews(store, 2);

  @Test
  void givenAJobThatMovesOn_whenReadAgainAndAgain_thenEachReadEqualsAFullFold() {
    JobStory story =
        JobStory.create(JobStory.newJobId(), "kept", JobStory.T0)
            .start()
            .nextStep()
            .complete(new AgentResult.Plan("p"))
            .pause("look")
            .resume();
    var writer = new StoryWriter(store, story);
    while (writer.hasNext()) {
      writer.appendNext();
      JobView full = JobViewFold.of(store.readStream(story.jobId(), 0, 1_000));
      assertThat(views.current(story.jobId())).contains(full);
    }
  }

  @Test
  void givenMoreJobsThanItKeeps_whenReadInTurn_thenEveryReadIsStillRight() {
    var stories =
        java.util.stream.IntStream.range(0, 4)
            .mapToObj(i -> JobStory.create(JobStory.newJobId(), "job " + i, JobStory.T0).start())
            .toList();
    stories.forEach(s -> StoryWriter.appendAll(store, s));
    for (int round = 0; round < 2; round++) {
      for (JobStory s : stories) {
        assertThat(views.current(s.jobId()).orElseThrow().name()).isEqualTo(s.state().name());
      }
    }
  }

  @Test
  void givenNoSuchJob_whenRead_thenEmpty() {
    assertThat(views.current(JobStory.newJobId())).isEmpty();
  }
}
