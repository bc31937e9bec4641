package io.jobtrail.graphql.job;

import graphql.GraphQLContext;
import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.application.port.in.QueryJobs;
import io.jobtrail.application.security.Role;
import io.jobtrail.domain.job.JobEvolution;
import io.jobtrail.domain.job.JobId;
import io.jobtrail.domain.job.JobState;
import io.jobtrail.graphql.error.ApiException;
import io.jobtrail.graphql.live.LiveEvents;
import io.jobtrail.graphql.security.CurrentCaller;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.SubscriptionMapping;
import org.springframework.stereotype.Controller;
import reactor.core.publisher.Flux;

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
          var lastVersion = new long[] {0};
          var history = new ArrayList<RecordedEvent>();
          long position = from.position();
          while (true) {
            List<RecordedEvent> page = queries.eventsAfterPosition(id, position, HISTORY_PAGE);
            history.addAll(page);
            if (page.size() < HISTORY_PAGE) {
              break;
            }
            position = page.getLast().position();
          }
          if (!history.isEmpty()) {
            lastVersion[0] = history.getLast().version();
          }
          Flux<RecordedEvent> liveEvents =
              live.flux()
                  .concatMapIterable(batch -> batch)
                  .filter(e -> e.position() > from.position() && e.version() > lastVersion[0])
                  .doOnNext(e -> lastVersion[0] = e.version());
          return Flux.concat(Flux.fromIterable(history), liveEvents).map(EventView::of);
        });
  }

  private Flux<EventView> allJobsStream(GlobalCursor from) {
    return Flux.defer(
        () -> {
          LiveEvents live = LiveEvents.ofAllJobs(hub, bufferSize);
          var last = new AtomicReference<>(from);
          var history = new ArrayList<RecordedEvent>();
          while (true) {
            List<RecordedEvent> page = queries.allEvents(last.get(), HISTORY_PAGE);
            history.addAll(page);
            if (!page.isEmpty()) {
              last.set(page.getLast().cursor());
            }
            if (page.size() < HISTORY_PAGE) {
              break;
            }
          }
          Flux<RecordedEvent> liveEvents =
              live.flux()
                  .concatMapIterable(batch -> batch)
                  .filter(e -> e.cursor().compareTo(last.get()) > 0)
                  .doOnNext(e -> last.set(e.cursor()));
          return Flux.concat(Flux.fromIterable(history), liveEvents).map(EventView::of);
        });
  }

  private static GlobalCursor parseCursor(String text) {
    try {
      return GlobalCursor.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badInput(e.getMessage());
    }
  }
}
