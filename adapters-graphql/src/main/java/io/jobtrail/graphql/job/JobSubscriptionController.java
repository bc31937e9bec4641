package io.jobtrail.graphql.job;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.readmodel.JobFilter;
import io.jobtrail.application.readmodel.JobSummary;
import io.jobtrail.application.security.Role;
import io.jobtrail.application.view.JobViewFold;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.graphql.error.ApiException;
import io.jobtrail.graphql.live.LiveEvents;
import io.jobtrail.graphql.live.SharedLiveResults;
import io.jobtrail.graphql.security.CurrentCaller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Live job status and the resumable event stream. Each subscription registers with the hub before
 * it reads history, then drops live events it already sent: no gap at the switch, no duplicate.
 */
@Controller
public class JobSubscriptionController {

  private static final int HISTORY_PAGE = 500;
  private static final Duration SUMMARY_WINDOW = Duration.ofMillis(200);

  private final QueryJobs queries;
  private final EventHub hub;

  /** How far a slow subscriber may fall behind before its stream ends with RESYNC. */
  private final LiveEvents.Limits limits;

  /** The live part of event streams: shared among the subscribers of a job over WebSocket. */
  private final SharedLiveResults sharing;

  public JobSubscriptionController(
      QueryJobs queries, EventHub hub, LiveEvents.Limits limits, SharedLiveResults sharing) {
    this.queries = queries;
    this.hub = hub;
    this.limits = limits;
    this.sharing = sharing;
  }

  /**
   * The job as folded by the server after each batch of its events: the page that shows it needs no
   * fold of its own, and what it shows is what a fresh query at that version returns.
   */
  @SubscriptionMapping
  public Flux<JobStatusUpdateView> jobStatusUpdated(
      @Argument String jobId, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "subscribe to jobs");
    JobId id = JobIds.parse(jobId);
    return Flux.defer(
            () -> {
              LiveEvents live = LiveEvents.ofJob(hub, id, limits);
              var fold = new JobViewFold();
              for (List<RecordedEvent> page = queries.events(id, 0, HISTORY_PAGE);
                  !page.isEmpty();
                  page = queries.events(id, fold.version(), HISTORY_PAGE)) {
                page.forEach(fold::apply);
              }
              if (!fold.hasJob()) {
                live.close();
                return Flux.error(ApiException.notFound("there is no job " + id));
              }
              Flux<JobStatusUpdateView> changes =
                  live.flux()
                      .concatMapIterable(
                          batch -> {
                            var fresh = new ArrayList<EventView>();
                            for (RecordedEvent e : batch) {
                              if (e.version() <= fold.version()) {
                                continue;
                              }
                              if (e.version() != fold.version() + 1) {
                                // A gap cannot happen in one hub, but never guess: read it.
                                queries
                                    .events(
                                        id, fold.version(), (int) (e.version() - fold.version()))
                                    .forEach(
                                        missed -> {
                                          fold.apply(missed);
                                          fresh.add(EventView.of(missed));
                                        });
                                if (e.version() != fold.version() + 1) {
                                  continue;
                                }
                              }
                              fold.apply(e);
                              fresh.add(EventView.of(e));
                            }
                            return fresh.isEmpty()
                                ? List.<JobStatusUpdateView>of()
                                : List.of(JobStatusUpdateView.of(fold.view(), fresh));
                          })
                      .doFinally(signal -> live.close());
              return Flux.concat(
                  Flux.just(JobStatusUpdateView.of(fold.view(), List.of())), changes);
            })
        // The history is a database read: never on the caller's or Reactor's parallel threads.
        .subscribeOn(Schedulers.boundedElastic());
  }

  /**
   * The summaries of jobs that changed, gathered over a short window so a busy log costs one read
   * per window, with the counts per status for the filter.
   */
  @SubscriptionMapping
  public Flux<JobSummariesChange> jobSummariesChanged(
      @Argument JobQueryController.@Nullable JobFilterInput filter, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "subscribe to jobs");
    JobFilter jobFilter = JobQueryController.filter(filter);
    return Flux.defer(
        () -> {
          LiveEvents live = LiveEvents.ofAllJobs(hub, limits);
          Flux<JobSummariesChange> changes =
              live.flux()
                  .bufferTimeout(1_000, SUMMARY_WINDOW, true)
                  .filter(batches -> !batches.isEmpty())
                  .concatMap(
                      batches ->
                          Mono.fromCallable(() -> summariesChange(batches, jobFilter))
                              .subscribeOn(Schedulers.boundedElastic()),
                      1);
          // The counts as they are now come first: the subscriber knows it is live, and counts
          // that moved between its query and its subscription are current at once.
          Mono<JobSummariesChange> current =
              Mono.fromCallable(() -> summariesChange(List.of(), jobFilter))
                  .subscribeOn(Schedulers.boundedElastic());
          return Flux.concat(current, changes).doFinally(signal -> live.close());
        });
  }

  public record JobSummariesChange(
      List<JobSummary> jobs, List<JobQueryController.StatusCount> counts) {}

  private JobSummariesChange summariesChange(List<List<RecordedEvent>> batches, JobFilter filter) {
    var changed = new LinkedHashSet<JobId>();
    batches.forEach(batch -> batch.forEach(e -> changed.add(e.jobId())));
    return new JobSummariesChange(
        changed.isEmpty() ? List.of() : queries.summaries(changed),
        JobQueryController.statusCounts(queries.jobCounts(filter)));
  }

  @SubscriptionMapping(name = "jobEvents")
  public Flux<EventView> jobEventStream(
      @Argument @Nullable String jobId,
      @Argument @Nullable String after,
      DataFetchingEnvironment environment) {
    Flux<RecordedEvent> shared = SharedLiveResults.groupSource(environment.getGraphQlContext());
    if (shared != null) {
      return shared.map(EventView::of); // The one execution its subscribers share.
    }
    CurrentCaller.require(environment.getGraphQlContext(), Role.VIEWER, "subscribe to events");
    GlobalCursor from = after == null ? GlobalCursor.START : parseCursor(after);
    if (jobId != null) {
      return jobStream(JobIds.parse(jobId), from, environment);
    }
    return allJobsStream(from, environment);
  }

  private Flux<EventView> jobStream(
      JobId id, GlobalCursor from, DataFetchingEnvironment environment) {
    return Flux.defer(
        () -> {
          var lastVersion = new AtomicLong();
          SharedLiveResults.LiveTail live =
              sharing.live(
                  environment,
                  id,
                  e -> e.position() > from.position() && e.version() > lastVersion.get());
          Flux<RecordedEvent> history =
              pages(
                      from.position(),
                      position -> queries.eventsAfterPosition(id, position, HISTORY_PAGE),
                      RecordedEvent::position)
                  .doOnNext(e -> lastVersion.set(e.version()));
          return Flux.concat(history, live.events().doOnNext(e -> lastVersion.set(e.version())))
              .map(EventView::of)
              .doFinally(signal -> live.release().run());
        });
  }

  private Flux<EventView> allJobsStream(GlobalCursor from, DataFetchingEnvironment environment) {
    return Flux.defer(
        () -> {
          var last = new AtomicReference<>(from);
          SharedLiveResults.LiveTail live =
              sharing.live(environment, null, e -> e.cursor().compareTo(last.get()) > 0);
          Flux<RecordedEvent> history =
              pages(from, cursor -> queries.allEvents(cursor, HISTORY_PAGE), RecordedEvent::cursor)
                  .doOnNext(e -> last.set(e.cursor()));
          return Flux.concat(history, live.events().doOnNext(e -> last.set(e.cursor())))
              .map(EventView::of)
              .doFinally(signal -> live.release().run());
        });
  }

  /**
   * The history after {@code start}, read a page at a time as the subscriber takes it: a long
   * history is never held in memory at once, and a page is let go once sent (a subscription lives
   * on, and would otherwise keep its whole history for as long as it is open).
   */
  private static <C> Flux<RecordedEvent> pages(
      C start, Function<C, List<RecordedEvent>> read, Function<RecordedEvent, C> after) {
    record Page<C>(C after, boolean last) {}
    // Where the next page starts: a read retried after the database was away resumes there.
    var resume = new AtomicReference<Page<C>>(new Page<>(start, false));
    return Flux.<List<RecordedEvent>, Page<C>>generate(
            resume::get,
            (page, sink) -> {
              List<RecordedEvent> events = page.last() ? List.of() : read.apply(page.after());
              if (events.isEmpty()) {
                sink.complete();
                return page;
              }
              sink.next(events);
              var next = new Page<>(after.apply(events.getLast()), events.size() < HISTORY_PAGE);
              resume.set(next);
              return next;
            })
        // While the database is away the subscription stays open and keeps its place.
        .retryWhen(
            Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(250))
                .maxBackoff(Duration.ofSeconds(2))
                .filter(StoreUnavailable.class::isInstance))
        .concatMapIterable(events -> events, 1)
        // Database reads: never on the caller's or Reactor's few parallel threads.
        .subscribeOn(Schedulers.boundedElastic());
  }

  private static GlobalCursor parseCursor(String text) {
    try {
      return GlobalCursor.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badInput(e.getMessage());
    }
  }
}
