package io.jobtrail.graphql.job;

import graphql.GraphQLContext;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.event.StoreUnavailable;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.security.Role;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.graphql.error.ApiException;
import io.jobtrail.graphql.live.LiveEvents;
import io.jobtrail.graphql.security.CurrentCaller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Live job status and the resumable event stream. Each subscription registers with the hub before
 * it reads history, then drops live events it already sent: no gap at the switch, no duplicate.
 */
@Controller
public class JobSubscriptionController {

  private static final int HISTORY_PAGE = 500;

  private final QueryJobs queries;
  private final EventHub hub;
  private final int bufferSize;

  public JobSubscriptionController(QueryJobs queries, EventHub hub, LiveSettings settings) {
    this.queries = queries;
    this.hub = hub;
    this.bufferSize = settings.subscriberBuffer();
  }

  /** How much a slow subscriber may fall behind before its stream ends with RESYNC. */
  public record LiveSettings(int subscriberBuffer) {}

  @SubscriptionMapping
  public Flux<JobStatusUpdateView> jobStatusUpdated(
      @Argument String jobId, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "subscribe to jobs");
    JobId id = JobIds.parse(jobId);
    return Flux.defer(
        () -> {
          LiveEvents live = LiveEvents.ofJob(hub, id, bufferSize);
          JobState initial = queries.job(id).orElse(null);
          if (initial == null) {
            live.close();
            return Flux.error(ApiException.notFound("there is no job " + id));
          }
          var current = new AtomicReference<>(initial);
          Flux<JobStatusUpdateView> changes =
              live.flux()
                  .concatMapIterable(
                      batch -> {
                        var fresh = new ArrayList<EventView>();
                        JobState state = current.get();
                        for (RecordedEvent e : batch) {
                          if (e.version() <= state.version()) {
                            continue;
                          }
                          if (e.version() != state.version() + 1) {
                            // A gap cannot happen in one hub, but never guess: reload.
                            state = queries.job(id).orElse(state);
                            continue;
                          }
                          state = JobEvolution.evolve(state, e.event());
                          fresh.add(EventView.of(e));
                        }
                        current.set(state);
                        return fresh.isEmpty()
                            ? List.<JobStatusUpdateView>of()
                            : List.of(JobStatusUpdateView.of(state, fresh));
                      });
          return Flux.concat(Flux.just(JobStatusUpdateView.of(initial, List.of())), changes);
        });
  }

  @SubscriptionMapping(name = "jobEvents")
  public Flux<EventView> jobEventStream(
      @Argument @Nullable String jobId, @Argument @Nullable String after, GraphQLContext context) {
    CurrentCaller.require(context, Role.VIEWER, "subscribe to events");
    GlobalCursor from = after == null ? GlobalCursor.START : parseCursor(after);
    if (jobId != null) {
      return jobStream(JobIds.parse(jobId), from);
    }
    return allJobsStream(from);
  }

  private Flux<EventView> jobStream(JobId id, GlobalCursor from) {
    return Flux.defer(
        () -> {
          LiveEvents live = LiveEvents.ofJob(hub, id, bufferSize);
          var lastVersion = new AtomicLong();
          Flux<RecordedEvent> history =
              pages(
                      from.position(),
                      position -> queries.eventsAfterPosition(id, position, HISTORY_PAGE),
                      RecordedEvent::position)
                  .doOnNext(e -> lastVersion.set(e.version()));
          Flux<RecordedEvent> liveEvents =
              live.flux()
                  .concatMapIterable(batch -> batch)
                  .filter(e -> e.position() > from.position() && e.version() > lastVersion.get())
                  .doOnNext(e -> lastVersion.set(e.version()));
          return Flux.concat(history, liveEvents)
              .map(EventView::of)
              .doFinally(signal -> live.close());
        });
  }

  private Flux<EventView> allJobsStream(GlobalCursor from) {
    return Flux.defer(
        () -> {
          LiveEvents live = LiveEvents.ofAllJobs(hub, bufferSize);
          var last = new AtomicReference<>(from);
          Flux<RecordedEvent> history =
              pages(from, cursor -> queries.allEvents(cursor, HISTORY_PAGE), RecordedEvent::cursor)
                  .doOnNext(e -> last.set(e.cursor()));
          Flux<RecordedEvent> liveEvents =
              live.flux()
                  .concatMapIterable(batch -> batch)
                  .filter(e -> e.cursor().compareTo(last.get()) > 0)
                  .doOnNext(e -> last.set(e.cursor()));
          return Flux.concat(history, liveEvents)
              .map(EventView::of)
              .doFinally(signal -> live.close());
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
