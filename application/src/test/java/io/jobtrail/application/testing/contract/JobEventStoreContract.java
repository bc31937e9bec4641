package io.jobtrail.application.testing.contract;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jobtrail.application.event.ConcurrencyConflict;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.NewEvent;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.event.StreamSlice;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.ChainVerification;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.domain.job.AgentResult;
import io.jobtrail.domain.job.FailureKind;
import io.jobtrail.domain.job.JobCommand;
import io.jobtrail.domain.job.JobDecider;
import io.jobtrail.domain.job.JobEvent;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.ReplayOrigin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobEventStore} must do. Subclasses say how to make a store and how to tamper
 * with one of its events; every test uses fresh job ids and reads the global log from {@link
 * JobEventStore#latestCursor()} onwards, so a store that already holds other jobs' events (a shared
 * database) is fine.
 */
public abstract class JobEventStoreContract {

  private static final int ALL = 10_000;

  protected JobEventStore store;

  /** A store to test; it may hold other jobs' events already. */
  protected abstract JobEventStore newStore();

  /**
   * Changes what is stored for the job's event at {@code version} behind the store's back (its data
   * or metadata), as someone with write access to the storage could; the store's own API must not
   * be able to do this. The database store does it with the immutability trigger disabled.
   */
  protected abstract void tamperWithStoredEvent(JobId jobId, long version);

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  /** A started job through pause, resume, one rejected draft and approval. */
  private static JobStory completedStory() {
    return JobStory.create(newJobId(), "add numbers", T0)
        .start()
        .pause("lunch")
        .resume()
        .runToApproval(1);
  }

  // Append and read back.

  @Test
  void givenAppendedEvents_whenReadBack_thenEachIsStoredInItsEnvelope() {
    JobStory story = completedStory();
    List<RecordedEvent> appended =
        StoryWriter.appendAll(store, story).stream().flatMap(r -> r.events().stream()).toList();

    List<RecordedEvent> read = store.readStream(story.jobId(), 0, ALL);

    assertThat(read).hasSameSizeAs(story.events());
    assertThat(read).as("what append returned is what is stored").isEqualTo(appended);
    String prevHash = null;
    for (int i = 0; i < read.size(); i++) {
      RecordedEvent e = read.get(i);
      JobEvent expected = story.events().get(i);
      assertThat(e.jobId()).isEqualTo(story.jobId());
      assertThat(e.version()).isEqualTo(i + 1);
      assertThat(e.event()).isEqualTo(expected);
      assertThat(e.eventType()).isEqualTo(expected.getClass().getSimpleName());
      assertThat(e.timestamp()).isEqualTo(expected.at());
      assertThat(e.metadata()).isEqualTo(StoryWriter.METADATA);
      assertThat(e.schemaVersion()).isPositive();
      assertThat(e.prevHash()).isEqualTo(prevHash);
      assertThat(e.hash()).matches("[0-9a-f]{64}");
      prevHash = e.hash();
    }
  }

  @Test
  void givenAnAppend_whenItSucceeds_thenTheNewHeadIsTheLastVersionAndHash() {
    JobStory story = JobStory.create(newJobId(), "head", T0).start().nextStep();

    List<AppendResult> results = StoryWriter.appendAll(store, story);

    for (AppendResult result : results) {
      RecordedEvent last = result.events().getLast();
      assertThat(result.duplicate()).isFalse();
      assertThat(result.head()).isEqualTo(new StreamHead(last.version(), last.hash()));
    }
    assertThat(results.getLast().head().version()).isEqualTo(story.events().size());
  }

  @Test
  void givenEveryKindOfEvent_whenStoredAndReadBack_thenEachComesBackEqual() {
    var origin = new ReplayOrigin(newJobId(), 4, Map.of("model", "large", "depth", 3));
    JobStory rich =
        JobStory.create(JobStory.richCommand(newJobId(), "every event", T0, origin))
            .start()
            .pause(null)
            .resume()
            .nextStep()
            .fail(FailureKind.ERROR, "rate limited\nretry later", Duration.ofMillis(250))
            .advance(Duration.ofSeconds(1))
            .runToApproval(1);
    JobStory cancelled =
        JobStory.create(newJobId(), "cancelled", T0).start().nextStep().cancel("stop");
    JobStory failed =
        JobStory.create(newJobId(), "failed", T0)
            .start()
            .nextStep()
            .fail(FailureKind.FATAL, "no model", Duration.ZERO);
    JobStory overBudget =
        JobStory.create(JobStory.budgetCommand(newJobId(), "over budget", T0))
            .start()
            .nextStep()
            .complete(new AgentResult.Plan("1. add"), JobStory.USAGE);
    JobStory approved =
        JobStory.create(JobStory.approvalCommand(newJobId(), "approved", T0))
            .start()
            .runToFinalApproval()
            .approve("ship it");
    List<JobStory> stories = List.of(rich, cancelled, failed, overBudget, approved);
    Set<String> types = new HashSet<>();

    for (JobStory story : stories) {
      StoryWriter.appendAll(store, story);
      List<JobEvent> read =
          store.readStream(story.jobId(), 0, ALL).stream().map(RecordedEvent::event).toList();
      assertThat(read).isEqualTo(story.events());
      story.events().forEach(e -> types.add(e.eventType()));
    }

    Set<String> everyType =
        Arrays.stream(JobEvent.class.getPermittedSubclasses())
            .map(Class::getSimpleName)
            .collect(Collectors.toSet());
    assertThat(types).as("the stories cover every event type").isEqualTo(everyType);
    assertThat(JobEvolution.replay(read(rich.jobId()))).isEqualTo(rich.state());
  }

  @Test
  void givenManyAppends_whenRead_thenVersionsRunFromOneWithoutGapsAndPositionsIncrease() {
    JobStory story = completedStory();
    StoryWriter.appendAll(store, story);

    List<RecordedEvent> read = store.readStream(story.jobId(), 0, ALL);

    assertThat(read)
        .extracting(RecordedEvent::version)
        .containsExactlyElementsOf(
            LongStream.rangeClosed(1, story.events().size()).boxed().toList());
    assertThat(read).extracting(RecordedEvent::position).isSorted().doesNotHaveDuplicates();
    assertThat(read).extracting(RecordedEvent::eventId).doesNotHaveDuplicates();
  }

  // Optimistic concurrency.

  @Test
  void givenStaleVersion_whenAppending_thenConflictAndNothingWritten() {
    JobStory story = JobStory.create(newJobId(), "stale", T0).start().pause(null);
    var writer = new StoryWriter(store, story);
    AppendResult created = writer.appendNext();
    writer.appendNext();
    GlobalCursor before = store.latestCursor();

    assertConflict(story, created.head(), 2);

    assertThat(store.readStream(story.jobId(), 0, ALL)).hasSize(2);
    assertThat(store.latestCursor()).isEqualTo(before);
  }

  @Test
  void givenRightVersionButAnotherHash_whenAppending_thenConflictAndNothingWritten() {
    JobStory story = JobStory.create(newJobId(), "forked", T0).start().pause(null);
    var writer = new StoryWriter(store, story);
    writer.appendNext();
    writer.appendNext();
    var forged = new StreamHead(2, "ab".repeat(32));

    assertConflict(story, forged, 2);

    assertThat(store.readStream(story.jobId(), 0, ALL)).hasSize(2);
  }

  @Test
  void givenExistingJob_whenAppendingAsIfItWereNew_thenConflict() {
    JobStory story = JobStory.create(newJobId(), "exists", T0);
    StoryWriter.appendAll(store, story);
    JobStory again = JobStory.create(story.jobId(), "exists", T0.plusSeconds(5));

    assertThatThrownBy(
            () ->
                store.append(
                    story.jobId(),
                    StreamHead.EMPTY,
                    StoryWriter.newEvents(again.events()),
                    again.state()))
        .isInstanceOf(ConcurrencyConflict.class);
    assertThat(store.readStream(story.jobId(), 0, ALL)).hasSize(1);
  }

  @Test
  void givenNoJob_whenAppendingAfterAHead_thenConflict() {
    JobStory story = JobStory.create(newJobId(), "missing", T0).start();
    var head = new StreamHead(1, "cd".repeat(32));

    assertThatThrownBy(
            () ->
                store.append(
                    story.jobId(),
                    head,
                    StoryWriter.newEvents(story.batches().get(1)),
                    story.state()))
        .isInstanceOf(ConcurrencyConflict.class);
    assertThat(store.readStream(story.jobId(), 0, ALL)).isEmpty();
  }

  private void assertConflict(JobStory story, StreamHead staleHead, int storedVersion) {
    JobState stale = story.stateAt(staleHead.version());
    List<JobEvent> decided =
        JobDecider.decide(new JobCommand.CancelJob("late", "bob", story.now()), stale);
    JobState after = JobEvolution.replay(stale, decided);
    assertThatThrownBy(
            () -> store.append(story.jobId(), staleHead, StoryWriter.newEvents(decided), after))
        .isInstanceOf(ConcurrencyConflict.class)
        .satisfies(
            e -> {
              var conflict = (ConcurrencyConflict) e;
              assertThat(conflict.jobId()).isEqualTo(story.jobId());
              assertThat(conflict.expectedVersion()).isEqualTo(staleHead.version());
            });
    assertThat(store.readStream(story.jobId(), 0, ALL)).hasSize(storedVersion);
  }

  // Idempotency.

  @Test
  void
      givenStoredEvents_whenTheSameEventsAreAppendedAgain_thenOriginalsReturnedAndNothingWritten() {
    JobStory story = JobStory.create(newJobId(), "twice", T0).start().nextStep();
    List<AppendResult> results = StoryWriter.appendAll(store, story);
    AppendResult created = results.getFirst();
    List<NewEvent> sent = resend(results.getLast());
    StreamHead headBeforeLast = results.get(results.size() - 2).head();
    GlobalCursor before = store.latestCursor();

    AppendResult again = store.append(story.jobId(), headBeforeLast, sent, story.state());

    assertThat(again.duplicate()).isTrue();
    assertThat(again.events()).isEqualTo(results.getLast().events());
    assertThat(store.readStream(story.jobId(), 0, ALL)).hasSize(story.events().size());
    assertThat(store.latestCursor()).isEqualTo(before);

    AppendResult createdAgain =
        store.append(story.jobId(), StreamHead.EMPTY, resend(created), story.stateAt(1));
    assertThat(createdAgain.duplicate()).isTrue();
    assertThat(createdAgain.events()).isEqualTo(created.events());
    assertThat(store.latestCursor()).isEqualTo(before);
  }

  private static List<NewEvent> resend(AppendResult result) {
    return result.events().stream()
        .map(e -> new NewEvent(e.eventId(), e.event(), e.metadata()))
        .toList();
  }

  // Reads.

  @Test
  void givenAStream_whenReadAfterAVersionWithALimit_thenThatSliceInOrder() {
    JobStory story = completedStory();
    StoryWriter.appendAll(store, story);
    int n = story.events().size();

    assertThat(store.readStream(story.jobId(), 3, 4))
        .extracting(RecordedEvent::version)
        .containsExactly(4L, 5L, 6L, 7L);
    assertThat(store.readStream(story.jobId(), n - 2, 100))
        .extracting(RecordedEvent::version)
        .containsExactly((long) n - 1, (long) n);
    assertThat(store.readStream(story.jobId(), n, 100)).isEmpty();
    assertThat(store.readStream(newJobId(), 0, 100)).isEmpty();
  }

  @Test
  void givenAStream_whenReadInAVersionRange_thenExactlyThatRange() {
    JobStory story = completedStory();
    StoryWriter.appendAll(store, story);
    int n = story.events().size();

    assertThat(store.readStreamRange(story.jobId(), 2, 5))
        .extracting(RecordedEvent::version)
        .containsExactly(3L, 4L, 5L);
    assertThat(store.readStreamRange(story.jobId(), n - 1, n + 10))
        .extracting(RecordedEvent::version)
        .containsExactly((long) n);
    assertThat(store.readStreamRange(story.jobId(), 5, 5)).isEmpty();
    assertThat(store.readStreamRange(story.jobId(), 0, n))
        .extracting(RecordedEvent::event)
        .isEqualTo(story.events());
  }

  @Test
  void givenAStream_whenReadForAFold_thenTheRangesEventsAndTheHeadAfterTheLast() {
    JobStory story = completedStory();
    StoryWriter.appendAll(store, story);
    int n = story.events().size();
    RecordedEvent fifth = store.readStream(story.jobId(), 4, 1).getFirst();

    StreamSlice slice = store.readEvents(story.jobId(), 2, 5);

    assertThat(slice.events()).isEqualTo(story.events().subList(2, 5));
    assertThat(slice.head()).isEqualTo(new StreamHead(5, fifth.hash()));
    StreamSlice all = store.readEvents(story.jobId(), 0, Long.MAX_VALUE);
    assertThat(all.events()).isEqualTo(story.events());
    assertThat(all.head())
        .isEqualTo(new StreamHead(n, store.readStream(story.jobId(), n - 1, 1).getFirst().hash()));
    assertThat(store.readEvents(story.jobId(), n, n + 10))
        .isEqualTo(new StreamSlice(List.of(), null));
    assertThat(store.readEvents(newJobId(), 0, 10).head()).isNull();
  }

  @Test
  void givenAStream_whenReadAfterAGlobalPosition_thenItsLaterEventsInVersionOrder() {
    JobStory story = completedStory();
    JobStory other = JobStory.create(newJobId(), "other", T0).start();
    var writer = new StoryWriter(store, story);
    writer.appendNext();
    StoryWriter.appendAll(store, other);
    writer.appendRest();
    List<RecordedEvent> all = store.readStream(story.jobId(), 0, ALL);
    long third = all.get(2).position();

    assertThat(store.readStreamAfterPosition(story.jobId(), third, ALL))
        .isEqualTo(all.subList(3, all.size()));
    assertThat(store.readStreamAfterPosition(story.jobId(), third, 2)).isEqualTo(all.subList(3, 5));
    assertThat(store.readStreamAfterPosition(story.jobId(), 0, ALL)).isEqualTo(all);
    assertThat(store.readStreamAfterPosition(story.jobId(), all.getLast().position(), ALL))
        .isEmpty();
  }

  @Test
  void givenEventsAtKnownTimes_whenAskedForTheVersionAtATime_thenTheLastEventAtOrBeforeIt() {
    JobStory story = JobStory.create(newJobId(), "times", T0).start().pause(null).resume();
    StoryWriter.appendAll(store, story);
    JobId id = story.jobId();

    assertThat(store.versionAt(id, T0.minusNanos(1000))).isZero();
    assertThat(store.versionAt(id, T0)).isEqualTo(1);
    assertThat(store.versionAt(id, T0.plusMillis(999))).isEqualTo(1);
    assertThat(store.versionAt(id, T0.plusSeconds(2))).isEqualTo(3);
    assertThat(store.versionAt(id, T0.plusSeconds(2).plusMillis(1))).isEqualTo(3);
    assertThat(store.versionAt(id, Instant.parse("2999-01-01T00:00:00Z"))).isEqualTo(4);
    assertThat(store.versionAt(newJobId(), T0.plusSeconds(10))).isZero();
  }

  @Test
  void givenAStepsEventsShareATime_whenAskedForThatTime_thenTheLastOfThem() {
    JobStory story = JobStory.create(newJobId(), "batch", T0).start().nextStep();
    StoryWriter.appendAll(store, story);

    assertThat(store.versionAt(story.jobId(), T0.plusSeconds(2))).isEqualTo(4);
  }

  @Test
  void givenInterleavedJobs_whenTheGlobalLogIsRead_thenEveryEventOnceInAppendOrder() {
    GlobalCursor start = store.latestCursor();
    var a = new StoryWriter(store, completedStory());
    var b = new StoryWriter(store, JobStory.create(newJobId(), "b", T0).start().pause(null));
    var expected = new ArrayList<RecordedEvent>();
    while (a.hasNext() || b.hasNext()) {
      if (a.hasNext()) {
        expected.addAll(a.appendNext().events());
      }
      if (b.hasNext()) {
        expected.addAll(b.appendNext().events());
      }
    }

    List<RecordedEvent> all = store.readAll(start, ALL);

    assertThat(all).isEqualTo(expected);
    assertThat(all).extracting(RecordedEvent::position).isSorted().doesNotHaveDuplicates();
    assertThat(all).extracting(RecordedEvent::cursor).isSorted().doesNotHaveDuplicates();
    assertThat(store.latestCursor()).isEqualTo(all.getLast().cursor());
    assertThat(store.readAll(store.latestCursor(), ALL)).isEmpty();

    var paged = new ArrayList<RecordedEvent>();
    GlobalCursor cursor = start;
    for (List<RecordedEvent> page = store.readAll(cursor, 3);
        !page.isEmpty();
        page = store.readAll(cursor, 3)) {
      assertThat(page.size()).isLessThanOrEqualTo(3);
      paged.addAll(page);
      cursor = page.getLast().cursor();
    }
    assertThat(paged).isEqualTo(expected);
  }

  @Test
  void givenOneAppendOfSeveralEvents_whenStored_thenTheyShareOneTransaction() {
    JobStory story = JobStory.create(newJobId(), "tx", T0).start().nextStep();
    List<AppendResult> results = StoryWriter.appendAll(store, story);

    AppendResult stepStarted = results.getLast();
    assertThat(stepStarted.events()).hasSize(2);
    assertThat(stepStarted.events())
        .extracting(RecordedEvent::transactionId)
        .containsOnly(stepStarted.events().getFirst().transactionId());
  }

  // The hash chain.

  @Test
  void givenUntouchedEvents_whenTheChainIsVerified_thenItIsIntact() {
    JobStory story = completedStory();
    StoryWriter.appendAll(store, story);

    ChainVerification verification = store.verifyChain(story.jobId());

    assertThat(verification.intact()).isTrue();
    assertThat(verification.eventsChecked()).isEqualTo(story.events().size());
    assertThat(verification.problem()).isNull();
  }

  @Test
  void givenNoEvents_whenTheChainIsVerified_thenNothingIsCheckedAndNothingBroken() {
    ChainVerification verification = store.verifyChain(newJobId());

    assertThat(verification.intact()).isTrue();
    assertThat(verification.eventsChecked()).isZero();
  }

  @Test
  void givenATamperedEvent_whenTheChainIsVerified_thenItBreaksAtThatVersion() {
    JobStory story = completedStory();
    StoryWriter.appendAll(store, story);

    tamperWithStoredEvent(story.jobId(), 3);
    ChainVerification verification = store.verifyChain(story.jobId());

    assertThat(verification.intact()).isFalse();
    assertThat(verification.firstBrokenVersion()).isEqualTo(3);
    assertThat(verification.problem()).isNotBlank();
  }

  // Versions of many jobs.

  @Test
  void givenJobsWithEvents_whenTheirVersionsAreRead_thenEachLastVersionAndNoneForAnUnknownJob() {
    JobStory longer = completedStory();
    JobStory shorter = JobStory.create(JobStory.newJobId(), "short", T0).start();
    StoryWriter.appendAll(store, longer);
    StoryWriter.appendAll(store, shorter);
    JobId unknown = JobStory.newJobId();

    assertThat(store.versions(List.of(longer.jobId(), shorter.jobId(), unknown)))
        .containsOnly(
            Map.entry(longer.jobId(), (long) longer.events().size()),
            Map.entry(shorter.jobId(), 2L));
    assertThat(store.versions(List.of())).isEmpty();
  }

  // Job ids.

  @Test
  void givenJobsCreatedInOrder_whenTheirIdsAreListed_thenInCreationOrderAfterTheOneGiven() {
    List<JobId> ids = JobStory.jobIdsInOrder(3);
    for (JobId id : ids) {
      StoryWriter.appendAll(store, JobStory.create(id, "listed", T0));
    }

    assertThat(store.jobIds(ids.get(0), 2)).containsExactly(ids.get(1), ids.get(2));
    assertThat(store.jobIds(ids.get(0), 1)).containsExactly(ids.get(1));
    assertThat(store.jobIds(ids.get(2), ALL)).doesNotContain(ids.get(0), ids.get(1), ids.get(2));
  }

  @Test
  void givenIdsAcrossTheWholeUuidRange_whenListedFromTheStart_thenEachOnceInUnsignedOrder() {
    // PostgreSQL orders uuids as unsigned numbers: 0x01... < 0x7f... < 0x80... < 0xf1...
    List<JobId> ids =
        List.of(
            idStartingWith(0x01), idStartingWith(0x7f), idStartingWith(0x80), idStartingWith(0xf1));
    for (JobId id : ids.reversed()) {
      StoryWriter.appendAll(store, JobStory.create(id, "anywhere in the range", T0));
    }

    var walked = new ArrayList<JobId>();
    JobId after = null;
    for (List<JobId> page = store.jobIds(null, 2); !page.isEmpty(); page = store.jobIds(after, 2)) {
      walked.addAll(page);
      after = page.getLast();
    }

    assertThat(walked).doesNotHaveDuplicates().containsSubsequence(ids);
    assertThat(store.jobIds(null, ALL)).isEqualTo(walked);
  }

  private static JobId idStartingWith(int firstByte) {
    UUID random = newJobId().value();
    long high =
        (random.getMostSignificantBits() & 0x00FF_FFFF_FFFF_FFFFL) | ((long) firstByte << 56);
    return new JobId(new UUID(high, random.getLeastSignificantBits()));
  }

  // Many writers.

  @Test
  void
      givenManyWritersOnOneJob_whenEachRetriesOnConflict_thenVersionsRunOneToNWithoutGapOrDuplicate()
          throws Exception {
    int threads = 8;
    int appendsEach = 50;
    JobStory story = JobStory.create(newJobId(), "contended", T0).start();
    StoryWriter.appendAll(store, story);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    var go = new CountDownLatch(1);
    var futures = new ArrayList<Future<List<Long>>>();
    try {
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return togglePause(story.jobId(), appendsEach, story.now());
                }));
      }
      go.countDown();
      var versions = new ArrayList<Long>();
      for (Future<List<Long>> future : futures) {
        versions.addAll(future.get(2, TimeUnit.MINUTES));
      }

      int total = 2 + threads * appendsEach;
      assertThat(versions)
          .as("each writer's appends got versions nobody else got")
          .doesNotHaveDuplicates()
          .hasSize(threads * appendsEach);
      List<RecordedEvent> read = store.readStream(story.jobId(), 0, ALL);
      assertThat(read)
          .extracting(RecordedEvent::version)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
      assertThat(read).extracting(RecordedEvent::position).isSorted().doesNotHaveDuplicates();
      for (int i = 2; i < read.size(); i++) {
        Class<?> expected = i % 2 == 0 ? JobEvent.JobPaused.class : JobEvent.JobResumed.class;
        assertThat(read.get(i).event())
            .as("no writer decided on a state it had not seen: event %d", i + 1)
            .isInstanceOf(expected);
      }
      assertThat(store.verifyChain(story.jobId()).intact()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void givenConcurrentAppendsToManyJobsWithOneStale_whenWritten_thenOnlyTheStaleOneConflicts()
      throws Exception {
    int jobs = 12;
    int stale = jobs / 2;
    var stories = new ArrayList<JobStory>();
    var writers = new ArrayList<StoryWriter>();
    for (int i = 0; i < jobs; i++) {
      JobStory story = JobStory.create(newJobId(), "job " + i, T0).start().pause(null);
      var writer = new StoryWriter(store, story);
      writer.appendNext();
      stories.add(story);
      writers.add(writer);
    }
    // The stale writer read its job at version 1; someone else appended since.
    JobStory staleStory = stories.get(stale);
    StreamHead staleHead = store.readEvents(staleStory.jobId(), 0, 1).head();
    writers.get(stale).appendNext();
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    var go = new CountDownLatch(1);
    var futures = new ArrayList<Future<AppendResult>>();
    try {
      for (int i = 0; i < jobs; i++) {
        int job = i;
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  if (job != stale) {
                    return writers.get(job).appendNext();
                  }
                  JobState read = staleStory.stateAt(1);
                  List<JobEvent> decided =
                      JobDecider.decide(new JobCommand.StartJob("bob", T0.plusSeconds(9)), read);
                  return store.append(
                      staleStory.jobId(),
                      staleHead,
                      StoryWriter.newEvents(decided),
                      JobEvolution.replay(read, decided));
                }));
      }
      go.countDown();
      for (int i = 0; i < jobs; i++) {
        JobStory story = stories.get(i);
        if (i == stale) {
          Future<AppendResult> loser = futures.get(i);
          assertThatThrownBy(() -> loser.get(1, TimeUnit.MINUTES))
              .hasCauseInstanceOf(ConcurrencyConflict.class);
          assertThat(store.readStream(story.jobId(), 0, ALL))
              .as("nothing of the stale append was written")
              .extracting(RecordedEvent::event)
              .isEqualTo(story.events().subList(0, 2));
        } else {
          AppendResult result = futures.get(i).get(1, TimeUnit.MINUTES);
          assertThat(result.duplicate()).isFalse();
          assertThat(store.readStream(story.jobId(), 0, ALL))
              .extracting(RecordedEvent::event)
              .isEqualTo(story.events().subList(0, 2));
        }
        assertThat(store.verifyChain(story.jobId()).intact()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Pauses or resumes the job {@code count} times, reloading and deciding again on conflict. */
  private List<Long> togglePause(JobId jobId, int count, Instant now) {
    JobState state = null;
    StreamHead head = StreamHead.EMPTY;
    var versions = new ArrayList<Long>(count);
    while (versions.size() < count) {
      for (RecordedEvent e : store.readStream(jobId, head.version(), ALL)) {
        state = JobEvolution.evolve(state, e.event());
        head = new StreamHead(e.version(), e.hash());
      }
      JobCommand command =
          state.status() == JobStatus.RUNNING
              ? new JobCommand.PauseJob("toggle", "writer", now)
              : new JobCommand.ResumeJob("writer", now);
      List<JobEvent> decided = JobDecider.decide(command, state);
      JobState after = JobEvolution.replay(state, decided);
      try {
        AppendResult result = store.append(jobId, head, StoryWriter.newEvents(decided), after);
        versions.add(result.events().getFirst().version());
        state = after;
        head = result.head();
      } catch (ConcurrencyConflict conflict) {
        // Another writer was first: the loop reads what it wrote and decides again.
      }
    }
    return versions;
  }

  private List<JobEvent> read(JobId jobId) {
    return store.readStream(jobId, 0, ALL).stream().map(RecordedEvent::event).toList();
  }
}
