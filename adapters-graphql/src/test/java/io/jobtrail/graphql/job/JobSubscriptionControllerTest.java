package io.jobtrail.graphql.job;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.live.LiveEventReader;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.security.Caller;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.testing.InMemoryJobEventStore;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.graphql.live.LiveEvents;
import io.jobtrail.graphql.live.SharedLiveResults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.graphql.ExecutionGraphQlService;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

/** The resumable event stream reads a long history page by page and lets go when cancelled. */
class JobSubscriptionControllerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final InMemoryJobEventStore store = new InMemoryJobEventStore();
  private final EventHub hub = new EventHub();
  private final LiveEventReader reader =
      new LiveEventReader(store, hub, Duration.ofMillis(20), 100, Clock.systemUTC());
  private final PagedHistory queries = new PagedHistory(store);
  private final LiveEvents.Limits limits = new LiveEvents.Limits(64, Duration.ofMinutes(1));

  /** Called directly, not over WebSocket: each subscriber has its own live events. */
  private final JobSubscriptionController controller =
      new JobSubscriptionController(
          queries,
          hub,
          limits,
          new SharedLiveResults(
              hub,
              limits,
              new StaticListableBeanFactory().getBeanProvider(ExecutionGraphQlService.class),
              JsonMapper.builder().build()));

  /** A VIEWER's request. */
  private final DataFetchingEnvironment viewer =
      DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
          .graphQLContext(
              GraphQLContext.of(Map.of(Caller.class.getName(), new Caller("vera", Role.VIEWER))))
          .build();

  @AfterEach
  void stop() {
    reader.close();
  }

  /** A job of {@code 2 + 2 * toggles} events: created, started, then paused and resumed. */
  private static JobStory longJob(int toggles) {
    JobStory story = JobStory.create(JobStory.newJobId(), "long", JobStory.T0).start();
    for (int i = 0; i < toggles; i++) {
      story = story.pause("p" + i).resume();
    }
    return story;
  }

  @Test
  void givenAHistoryOfSeveralPages_whenSubscribedFromTheStart_thenEachEventOnceInOrderThenLive() {
    JobStory story = longJob(600);
    int history = story.events().size();
    var writer = new StoryWriter(store, story.cancel("done"));
    while (writer.head().version() < history) {
      writer.appendNext();
    }
    reader.start();

    var events = controller.jobEventStream(story.jobId().toString(), null, viewer);

    StepVerifier.create(events.map(EventView::sequence))
        .expectNextSequence(sequences(1, history))
        .then(writer::appendNext)
        .expectNext((long) history + 1)
        .thenCancel()
        .verify(TIMEOUT);
    assertThat(queries.pagesRead.get()).isEqualTo(3);
  }

  @Test
  void givenALongHistory_whenTheSubscriberHasTakenAFewEvents_thenOnlyTheFirstPagesWereRead() {
    JobStory story = longJob(1_000);
    StoryWriter.appendAll(store, story);

    var events = controller.jobEventStream(story.jobId().toString(), null, viewer);

    StepVerifier.create(events, 10).expectNextCount(10).thenCancel().verify(TIMEOUT);
    assertThat(queries.pagesRead.get()).isLessThanOrEqualTo(2);
  }

  @Test
  void givenASubscriberStillReadingHistory_whenItCancels_thenTheHubForgetsIt() {
    JobStory story = longJob(600);
    StoryWriter.appendAll(store, story);

    var events = controller.jobEventStream(story.jobId().toString(), null, viewer);

    StepVerifier.create(events, 1).expectNextCount(1).thenCancel().verify(TIMEOUT);
    assertThat(hub.subscriberCount()).isZero();
  }

  @Test
  void givenALogOfSeveralPages_whenSubscribedToAllJobsFromTheStart_thenEveryEventOnceInOrder() {
    JobStory first = longJob(300);
    JobStory second = longJob(300);
    StoryWriter.appendAll(store, first);
    StoryWriter.appendAll(store, second);
    int total = first.events().size() + second.events().size();

    var events = controller.jobEventStream(null, null, viewer);

    StepVerifier.create(events.map(e -> Long.parseLong(e.position())))
        .expectNextSequence(sequences(1, total))
        .thenCancel()
        .verify(TIMEOUT);
  }

  private static List<Long> sequences(long from, long to) {
    return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
  }

  /** The reads the stream makes, over the in-memory store, counting the pages of history. */
  private static final class PagedHistory implements QueryJobs {
    private final InMemoryJobEventStore store;
    final AtomicInteger pagesRead = new AtomicInteger();

    PagedHistory(InMemoryJobEventStore store) {
      this.store = store;
    }

    @Override
    public List<RecordedEvent> eventsAfterPosition(JobId jobId, long afterPosition, int limit) {
      pagesRead.incrementAndGet();
      return store.readStreamAfterPosition(jobId, afterPosition, limit);
    }

    @Override
    public List<RecordedEvent> allEvents(GlobalCursor after, int limit) {
      pagesRead.incrementAndGet();
      return store.readAll(after, limit);
    }

    @Override
    public Optional<JobView> job(JobId jobId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<JobView> jobAtVersion(JobId jobId, long version) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<JobView> jobAtTime(JobId jobId, Instant at) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<JobSummary> jobs(
        JobFilter filter, JobSort sort, JobSummary.@Nullable Cursor after, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<JobView.Status, Long> jobCounts(JobFilter filter) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<JobSummary> summary(JobId jobId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<JobSummary> summaries(Collection<JobId> jobIds) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<JobSummary> replaysOf(JobId original) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<RecordedEvent> events(JobId jobId, long afterVersion, int limit) {
      pagesRead.incrementAndGet();
      return store.readStream(jobId, afterVersion, limit);
    }
  }
}
