package io.jobtrail.application.testing.contract;

import static io.jobtrail.application.testing.JobStory.T0;
import static io.jobtrail.application.testing.JobStory.newJobId;
import static org.assertj.core.api.Assertions.assertThat;

import io.jobtrail.application.event.StreamHead;
import io.jobtrail.application.port.out.AppendResult;
import io.jobtrail.application.port.out.JobEventStore;
import io.jobtrail.application.port.out.JobSummaries;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSort;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.testing.JobStory;
import io.jobtrail.application.testing.StoryWriter;
import io.jobtrail.application.view.JobView;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.domain.job.JobStatus;
import io.jobtrail.domain.job.ReplayOrigin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobSummaries} must do, together with the {@link JobEventStore} that writes it
 * in each append. Every test names its jobs with a token of its own and filters by it, so a store
 * that holds other jobs is fine.
 *
 * <p>Filters: {@code nameContains} is a case-insensitive substring in which {@code %} and {@code _}
 * are ordinary characters; the created range is half-open, {@code createdAfter <= createdAt <
 * createdBefore}. The list is newest first by {@code (createdAt, jobId)}, both descending.
 */
public abstract class JobSummariesContract {

  /** A store and the summaries its appends write. */
  public record Ports(JobEventStore events, JobSummaries summaries) {}

  private Ports ports;
  private JobSummaries summaries;
  private String token;

  /** Ports to test, wired so appends to {@code events} write {@code summaries}. */
  protected abstract Ports newPorts();

  @BeforeEach
  void createPorts() {
    ports = newPorts();
    summaries = ports.summaries();
    token = "t" + UUID.randomUUID().toString().substring(0, 8);
  }

  private JobStory write(JobStory story) {
    StoryWriter.appendAll(ports.events(), story);
    return story;
  }

  private JobStory job(String name, Instant createdAt) {
    return JobStory.create(newJobId(), name + " " + token, createdAt);
  }

  private List<JobSummary> list(JobFilter filter, JobSummary.@Nullable Cursor after, int limit) {
    return list(filter, JobSort.CREATED, after, limit);
  }

  private List<JobSummary> list(
      JobFilter filter, JobSort sort, JobSummary.@Nullable Cursor after, int limit) {
    return summaries.list(tokened(filter), sort, after, limit);
  }

  private JobFilter tokened(JobFilter filter) {
    String name = filter.nameContains() == null ? token : filter.nameContains();
    return new JobFilter(filter.statuses(), name, filter.createdAfter(), filter.createdBefore());
  }

  private static List<JobId> ids(List<JobSummary> rows) {
    return rows.stream().map(JobSummary::jobId).toList();
  }

  private static List<JobId> ids(JobStory... stories) {
    return List.of(stories).stream().map(JobStory::jobId).toList();
  }

  // Written with every append.

  @Test
  void givenAnAppend_whenTheSummaryIsRead_thenItIsTheStateAfterTheAppend() {
    JobStory story = job("written", T0);
    var writer = new StoryWriter(ports.events(), story.start().pause("wait").resume().nextStep());
    long version = 0;
    while (writer.hasNext()) {
      AppendResult result = writer.appendNext();
      version = result.head().version();
      assertThat(summaries.find(story.jobId())).contains(JobSummary.of(story.stateAt(version)));
    }
    JobSummary summary = summaries.find(story.jobId()).orElseThrow();
    assertThat(summary.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(summary.currentStep()).isEqualTo("plan");
    assertThat(summary.version()).isEqualTo(story.events().size());
    assertThat(summary.createdBy()).isEqualTo(JobStory.ACTOR);
  }

  @Test
  void givenNoSuchJob_whenFound_thenEmpty() {
    assertThat(summaries.find(newJobId())).isEmpty();
  }

  // Listing.

  @Test
  void givenJobsCreatedAtDifferentTimes_whenListed_thenNewestFirst() {
    JobStory first = write(job("first", T0));
    JobStory second = write(job("second", T0.plusSeconds(10)));
    JobStory third = write(job("third", T0.plusSeconds(20)));

    assertThat(ids(list(JobFilter.ALL, null, 10))).isEqualTo(ids(third, second, first));
  }

  @Test
  void givenJobsCreatedAtTheSameTime_whenListed_thenByJobIdDescending() {
    List<JobId> ascending = JobStory.jobIdsInOrder(3);
    for (JobId id : ascending) {
      write(JobStory.create(id, "same time " + token, T0));
    }

    assertThat(ids(list(JobFilter.ALL, null, 10)))
        .containsExactly(ascending.get(2), ascending.get(1), ascending.get(0));
  }

  @Test
  void givenManyJobs_whenPagedWithTheCursorOfEachPage_thenEveryJobOnceInOrder() {
    var expected = new ArrayList<JobId>();
    List<JobId> sameTime = JobStory.jobIdsInOrder(3);
    for (int i = 0; i < 7; i++) {
      JobId id = i < 3 ? sameTime.get(i) : newJobId();
      write(JobStory.create(id, "paged " + token, T0.plusSeconds(i < 3 ? 0 : i)));
      expected.addFirst(id);
    }

    var paged = new ArrayList<JobId>();
    JobSummary.Cursor cursor = null;
    List<JobSummary> page;
    do {
      page = list(JobFilter.ALL, cursor, 2);
      assertThat(page.size()).isLessThanOrEqualTo(2);
      paged.addAll(ids(page));
      cursor = page.isEmpty() ? cursor : page.getLast().cursor(JobSort.CREATED);
    } while (!page.isEmpty());

    assertThat(paged).isEqualTo(expected);
  }

  @Test
  void givenALimit_whenListed_thenAtMostThatMany() {
    for (int i = 0; i < 4; i++) {
      write(job("limited", T0.plusSeconds(i)));
    }

    assertThat(list(JobFilter.ALL, null, 3)).hasSize(3);
  }

  @Test
  void givenNames_whenFilteredByPartOfOne_thenCaseDoesNotMatter() {
    JobStory report = write(job("Quarterly REPORT", T0));
    write(job("invoice", T0.plusSeconds(1)));

    var filter = new JobFilter(Set.of(), "report " + token.toUpperCase(), null, null);
    assertThat(ids(summaries.list(filter, JobSort.CREATED, null, 10)))
        .containsExactly(report.jobId());
    var lower = new JobFilter(Set.of(), "ly rep", null, null);
    assertThat(ids(summaries.list(lower, JobSort.CREATED, null, 100))).contains(report.jobId());
  }

  @Test
  void givenNamesWithWildcardCharacters_whenFiltered_thenTheyMatchOnlyThemselves() {
    JobStory percent = write(JobStory.create(newJobId(), token + " 100%_done", T0));
    write(JobStory.create(newJobId(), token + " 1000 done", T0.plusSeconds(1)));
    write(JobStory.create(newJobId(), token + " 100x_done", T0.plusSeconds(2)));

    var filter = new JobFilter(Set.of(), token + " 100%_", null, null);
    assertThat(ids(summaries.list(filter, JobSort.CREATED, null, 10)))
        .containsExactly(percent.jobId());
  }

  @Test
  void givenJobsInDifferentStatuses_whenFilteredByStatuses_thenOnlyThose() {
    JobStory pending = write(job("pending", T0));
    JobStory running = write(job("running", T0.plusSeconds(1)).start());
    JobStory cancelled = write(job("cancelled", T0.plusSeconds(2)).cancel(null));

    JobStory stepping = write(job("stepping", T0.plusSeconds(3)).start().nextStep());

    var filter =
        new JobFilter(Set.of(JobView.Status.QUEUED, JobView.Status.CANCELLED), null, null, null);
    assertThat(ids(list(filter, null, 10))).isEqualTo(ids(cancelled, running));
    var onlyPending = new JobFilter(Set.of(JobView.Status.PENDING), null, null, null);
    assertThat(ids(list(onlyPending, null, 10))).isEqualTo(ids(pending));
    var onlyRunning = new JobFilter(Set.of(JobView.Status.RUNNING), null, null, null);
    assertThat(ids(list(onlyRunning, null, 10))).isEqualTo(ids(stepping));
  }

  @Test
  void givenJobsInDifferentStatuses_whenCounted_thenQueuedIsApartFromRunning() {
    write(job("pending", T0));
    write(job("queued", T0.plusSeconds(1)).start());
    write(job("queued too", T0.plusSeconds(2)).start());
    write(job("stepping", T0.plusSeconds(3)).start().nextStep());
    write(job("cancelled", T0.plusSeconds(4)).cancel(null));

    assertThat(summaries.countByShownStatus(tokened(JobFilter.ALL)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                JobView.Status.PENDING, 1L,
                JobView.Status.QUEUED, 2L,
                JobView.Status.RUNNING, 1L,
                JobView.Status.CANCELLED, 1L));
    assertThat(summaries.count(tokened(JobFilter.ALL))).isEqualTo(5);
    var queued = new JobFilter(Set.of(JobView.Status.QUEUED), null, null, null);
    assertThat(summaries.count(tokened(queued))).isEqualTo(2);
  }

  @Test
  void givenJobsUpdatedAtDifferentTimes_whenPagedByUpdate_thenMostRecentlyUpdatedFirst() {
    JobStory old = write(job("old but busy", T0).start().pause("later"));
    JobStory fresh = write(job("fresh", T0.plusSeconds(10)));
    JobStory middle = write(job("middle", T0.plusSeconds(5)));
    // The story's clock moves a second per command: old was last updated at T0 + 2 s.

    var paged = new ArrayList<JobId>();
    JobSummary.Cursor cursor = null;
    List<JobSummary> page;
    do {
      page = list(JobFilter.ALL, JobSort.UPDATED, cursor, 1);
      paged.addAll(ids(page));
      cursor = page.isEmpty() ? cursor : page.getLast().cursor(JobSort.UPDATED);
    } while (!page.isEmpty());

    assertThat(paged).isEqualTo(ids(fresh, middle, old));
  }

  @Test
  void givenEndedAndRunningJobs_whenPagedByDuration_thenLongestFirstAndUnendedLast() {
    JobStory quick = write(job("quick", T0).cancel(null));
    JobStory slow = write(job("slow", T0.plusSeconds(1)).start().pause(null).cancel(null));
    JobStory running = write(job("running", T0.plusSeconds(2)).start());

    var paged = new ArrayList<JobId>();
    JobSummary.Cursor cursor = null;
    List<JobSummary> page;
    do {
      page = list(JobFilter.ALL, JobSort.DURATION, cursor, 1);
      paged.addAll(ids(page));
      cursor = page.isEmpty() ? cursor : page.getLast().cursor(JobSort.DURATION);
    } while (!page.isEmpty());

    assertThat(paged).isEqualTo(ids(slow, quick, running));
    assertThat(summaries.find(slow.jobId()).orElseThrow().durationMs())
        .isGreaterThan(summaries.find(quick.jobId()).orElseThrow().durationMs());
    assertThat(summaries.find(running.jobId()).orElseThrow().durationMs()).isNull();
  }

  @Test
  void givenSomeJobs_whenFoundTogether_thenEachExistingOne() {
    JobStory a = write(job("a", T0));
    JobStory b = write(job("b", T0.plusSeconds(1)));

    assertThat(ids(summaries.findAll(List.of(a.jobId(), newJobId(), b.jobId()))))
        .containsExactlyInAnyOrder(a.jobId(), b.jobId());
  }

  @Test
  void givenJobsCreatedOverTime_whenFilteredByCreationRange_thenAfterIsInclusiveBeforeExclusive() {
    JobStory early = write(job("early", T0));
    JobStory onStart = write(job("on start", T0.plusSeconds(10)));
    JobStory inside = write(job("inside", T0.plusSeconds(15)));
    write(job("on end", T0.plusSeconds(20)));

    var range = new JobFilter(Set.of(), null, T0.plusSeconds(10), T0.plusSeconds(20));
    assertThat(ids(list(range, null, 10))).isEqualTo(ids(inside, onStart));
    var before = new JobFilter(Set.of(), null, null, T0.plusSeconds(10));
    assertThat(ids(list(before, null, 10))).isEqualTo(ids(early));
  }

  @Test
  void givenFiltersTogether_whenListed_thenEveryFilterApplies() {
    write(job("alpha", T0));
    JobStory match = write(job("alpha", T0.plusSeconds(5)).start());
    write(job("beta", T0.plusSeconds(6)).start());
    write(job("alpha", T0.plusSeconds(30)).start());

    var filter =
        new JobFilter(
            Set.of(JobView.Status.QUEUED), "ALPHA " + token, T0.plusSeconds(1), T0.plusSeconds(10));
    assertThat(ids(summaries.list(filter, JobSort.CREATED, null, 10))).isEqualTo(ids(match));
  }

  // Replays.

  @Test
  void givenReplaysOfAJob_whenAskedForThem_thenOldestFirstWithTheirOrigin() {
    JobStory original = write(job("original", T0).start());
    var origin = new ReplayOrigin(original.jobId(), 2, Map.of("model", "large"));
    JobStory later =
        write(JobStory.replayOf(newJobId(), "replay b " + token, T0.plusSeconds(20), origin));
    JobStory earlier =
        write(JobStory.replayOf(newJobId(), "replay a " + token, T0.plusSeconds(10), origin));
    write(job("unrelated", T0.plusSeconds(30)));

    List<JobSummary> replays = summaries.replaysOf(original.jobId());

    assertThat(ids(replays)).isEqualTo(ids(earlier, later));
    assertThat(replays)
        .allSatisfy(
            r -> {
              assertThat(r.originJobId()).isEqualTo(original.jobId());
              assertThat(r.originVersion()).isEqualTo(2L);
            });
    assertThat(summaries.replaysOf(earlier.jobId())).isEmpty();
  }

  // Rebuilding.

  @Test
  void givenTheCurrentHead_whenRebuilt_thenTheSummaryIsOverwritten() {
    JobStory story = job("rebuilt", T0).start();
    List<AppendResult> results = StoryWriter.appendAll(ports.events(), story);
    StreamHead head = results.getLast().head();
    JobState recomputed = renamed(story.state(), "recomputed " + token);

    boolean wrote = summaries.rebuild(recomputed, head);

    assertThat(wrote).isTrue();
    assertThat(summaries.find(story.jobId())).contains(JobSummary.of(recomputed));
  }

  @Test
  void givenAStreamThatMovedOn_whenRebuiltAtTheOldHead_thenNothingIsWritten() {
    JobStory story = job("moved on", T0).start().pause(null);
    List<AppendResult> results = StoryWriter.appendAll(ports.events(), story);
    StreamHead oldHead = results.get(1).head();
    JobSummary current = summaries.find(story.jobId()).orElseThrow();

    boolean wrote = summaries.rebuild(renamed(story.stateAt(2), "stale " + token), oldHead);

    assertThat(wrote).isFalse();
    assertThat(summaries.find(story.jobId())).contains(current);
  }

  @Test
  void givenAHeadWhoseHashDisagreesWithTheLog_whenRebuiltAtTheSameVersion_thenTheLogWins() {
    JobStory story = job("other hash", T0).start();
    List<AppendResult> results = StoryWriter.appendAll(ports.events(), story);
    var fromTheLog = new StreamHead(results.getLast().head().version(), "ef".repeat(32));
    JobState recomputed = renamed(story.state(), "repaired " + token);

    assertThat(summaries.rebuild(recomputed, fromTheLog)).isTrue();
    assertThat(summaries.find(story.jobId())).contains(JobSummary.of(recomputed));
  }

  /** The same state under another name: what a changed projection would compute. */
  private static JobState renamed(JobState s, String name) {
    return new JobState(
        s.id(),
        name,
        s.task(),
        s.parameters(),
        s.agents(),
        s.limits(),
        s.createdBy(),
        s.replayOf(),
        s.status(),
        s.version(),
        s.createdAt(),
        s.updatedAt(),
        s.startedAt(),
        s.endedAt(),
        s.currentStep(),
        s.progress(),
        s.plan(),
        s.iteration(),
        s.artifact(),
        s.lastFeedback(),
        s.failureReason(),
        s.pauseReason(),
        s.cancelReason(),
        s.steps(),
        s.usage(),
        s.approval(),
        s.approvals());
  }
}
