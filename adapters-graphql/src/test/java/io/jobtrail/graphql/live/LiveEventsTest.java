package io.jobtrail.graphql.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.live.LiveEventReader;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.graphql.error.GraphQlErrors;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Bounded buffering, RESYNC on overflow, and release of everything when a stream ends. */
class LiveEventsTest {

  private final InMemoryJobEventStore store = new InMemoryJobEventStore();
  private final EventHub hub = new EventHub();
  private final LiveEventReader reader =
      new LiveEventReader(store, hub, Duration.ofMillis(20), 1, Clock.systemUTC());

  @AfterEach
  void stop() {
    reader.close();
  }

  @Test
  void givenASubscriberThatDoesNotKeepUp_whenItsBufferOverflows_thenItsStreamEndsWithResync() {
    JobStory story = JobStory.create(JobStory.newJobId(), "flood", JobStory.T0).start();
    for (int i = 0; i < 3; i++) {
      story = story.pause("p" + i).resume();
    }
    LiveEvents live =
        LiveEvents.ofJob(hub, story.jobId(), new LiveEvents.Limits(2, Duration.ofMinutes(1)));
    reader.start();
    StoryWriter.appendAll(store, story);

    // Nobody reads the stream: the third batch does not fit and the subscription is dropped.
    awaitSubscriberCount(0);
    assertThat(hub.subscriberCount()).isZero();

    StepVerifier.create(live.flux())
        .expectNextCount(2)
        .expectErrorSatisfies(
            error -> {
              var resolved = new GraphQlErrors().resolveException(error).block();
              assertThat(resolved).isNotNull();
              assertThat(resolved.getFirst().getExtensions()).containsEntry("code", "RESYNC");
            })
        .verify(Duration.ofSeconds(10));
    assertThat(hub.subscriberCount()).isZero();
  }

  @Test
  void givenASubscriberWhoseBatchWaitedTooLong_whenItIsDelivered_thenTheStreamEndsWithResync()
      throws InterruptedException {
    JobStory story = JobStory.create(JobStory.newJobId(), "slow reader", JobStory.T0).start();
    // Room for every batch: only the time a batch waits can end this stream.
    LiveEvents live =
        LiveEvents.ofJob(hub, story.jobId(), new LiveEvents.Limits(64, Duration.ofMillis(100)));
    reader.start();
    StoryWriter.appendAll(store, story);
    awaitPublished();

    // The subscriber reads only now, well after the batches were handed to it.
    Thread.sleep(300);

    StepVerifier.create(live.flux())
        .expectErrorSatisfies(
            error -> {
              var resolved = new GraphQlErrors().resolveException(error).block();
              assertThat(resolved).isNotNull();
              assertThat(resolved.getFirst().getExtensions()).containsEntry("code", "RESYNC");
            })
        .verify(Duration.ofSeconds(10));
    assertThat(hub.subscriberCount()).isZero();
  }

  @Test
  void givenASubscriberThatKeepsUp_whenBatchesArrive_thenNoneIsRefusedForItsWait() {
    JobStory story = JobStory.create(JobStory.newJobId(), "keeps up", JobStory.T0).start();
    LiveEvents live =
        LiveEvents.ofJob(hub, story.jobId(), new LiveEvents.Limits(64, Duration.ofSeconds(30)));
    reader.start();
    StoryWriter.appendAll(store, story);

    StepVerifier.create(live.flux()).expectNextCount(1).thenCancel().verify(Duration.ofSeconds(10));
  }

  @Test
  void givenASubscription_whenTheClientCancels_thenTheHubForgetsIt() {
    JobStory story = JobStory.create(JobStory.newJobId(), "short", JobStory.T0);
    LiveEvents live =
        LiveEvents.ofJob(hub, story.jobId(), new LiveEvents.Limits(16, Duration.ofMinutes(1)));
    assertThat(hub.subscriberCount()).isEqualTo(1);
    reader.start();
    StoryWriter.appendAll(store, story);

    StepVerifier.create(live.flux()).expectNextCount(1).thenCancel().verify(Duration.ofSeconds(10));

    assertThat(hub.subscriberCount()).isZero();
  }

  @Test
  void givenASubscriber_whenEventsArrive_thenItsWorkRunsOffTheReadersThread() {
    JobStory story = JobStory.create(JobStory.newJobId(), "busy", JobStory.T0).start();
    LiveEvents live =
        LiveEvents.ofJob(hub, story.jobId(), new LiveEvents.Limits(16, Duration.ofMinutes(1)));
    var threads = new CopyOnWriteArrayList<String>();
    reader.start();
    StoryWriter.appendAll(store, story);

    StepVerifier.create(
            live.flux().doOnNext(batch -> threads.add(Thread.currentThread().getName())))
        .expectNextCount(2)
        .thenCancel()
        .verify(Duration.ofSeconds(10));

    assertThat(threads)
        .hasSize(2)
        .allSatisfy(name -> assertThat(name).startsWith("jobtrail-live-delivery"));
  }

  /** Until the reader has handed every stored event to the hub. */
  private void awaitPublished() {
    var last = store.latestCursor();
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!reader.checkpoint().equals(last) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(reader.checkpoint()).isEqualTo(last);
  }

  private void awaitSubscriberCount(int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (hub.subscriberCount() != expected && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }
}
