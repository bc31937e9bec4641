package io.jobtrail.application.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.testing.CountingStore;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.AgentResult;
import org.junit.jupiter.api.Test;

class JobViewsTest {

  private final InMemoryJobEventStore store = new InMemoryJobEventStore();
  private final CountingStore counted = new CountingStore(store);
  private final JobViews views = new JobViews(counted, 2);

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

  @Test
  void givenEventsAppendedHere_whenAnsweredAtTheirVersion_thenNothingIsReadAndTheViewIsAFullFold() {
    JobStory story =
        JobStory.create(JobStory.newJobId(), "answered", JobStory.T0)
            .start()
            .nextStep()
            .pause("look")
            .resume();
    var writer = new StoryWriter(store, story);
    writer.appendNext();
    views.current(story.jobId()); // Read once: from now on the view is kept.
    counted.reads.set(0);
    while (writer.hasNext()) {
      var appended = writer.appendNext().events();
      views.appended(story.jobId(), appended);

      JobView answer = views.atLeast(story.jobId(), appended.getLast().version()).orElseThrow();

      assertThat(answer).isEqualTo(JobViewFold.of(store.readStream(story.jobId(), 0, 1_000)));
    }
    assertThat(counted.reads.get()).isZero();
  }

  @Test
  void givenEventsAppendedElsewhereInBetween_whenAnswered_thenTheViewCatchesUpByReading() {
    JobStory story = JobStory.create(JobStory.newJobId(), "gap", JobStory.T0).start().nextStep();
    var writer = new StoryWriter(store, story);
    writer.appendNext();
    views.current(story.jobId());
    writer.appendNext(); // By another instance: this one's view does not see it.
    var third = writer.appendNext().events();

    views.appended(story.jobId(), third); // Does not follow the kept view: ignored.

    assertThat(views.atLeast(story.jobId(), third.getLast().version()))
        .contains(JobViewFold.of(store.readStream(story.jobId(), 0, 1_000)));
  }

  @Test
  void givenAJobNotReadYet_whenItsEventsAreAppended_thenNoViewIsStartedAndTheFirstReadFoldsAll() {
    JobStory story = JobStory.create(JobStory.newJobId(), "unread", JobStory.T0).start();
    var writer = new StoryWriter(store, story);
    views.appended(story.jobId(), writer.appendNext().events());
    writer.appendNext();
    counted.reads.set(0);

    assertThat(views.atLeast(story.jobId(), 1))
        .contains(JobViewFold.of(store.readStream(story.jobId(), 0, 1_000)));
    assertThat(counted.reads.get()).as("the read that folds the job").isEqualTo(1);
  }
}
