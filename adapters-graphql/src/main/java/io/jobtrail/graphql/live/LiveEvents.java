package io.jobtrail.graphql.live;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.domain.job.JobId;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A subscription to the {@link EventHub} as a Flux, registered at once (so nothing published from
 * now on is missed while the caller reads history) and bounded by a {@link LiveQueue}: a subscriber
 * that falls behind gets {@code RESYNC} and resumes from its cursor. Cancelling or completing the
 * Flux unsubscribes.
 *
 * <p>The hub hands batches over on the live reader's one thread; everything downstream (the GraphQL
 * execution of each event, its JSON encoding) runs on a small shared pool, one worker per core, in
 * order per subscription. Otherwise the reader's thread would do that work for every subscriber in
 * turn, on one core, and each subscriber would wait for all those before it.
 */
public final class LiveEvents {

  private static final Scheduler DELIVERY =
      Schedulers.newParallel(
          "jobtrail-live-delivery", Runtime.getRuntime().availableProcessors(), true);

  private final LiveQueue<List<RecordedEvent>> queue;
  private final AutoCloseable registration;

  private LiveEvents(EventHub hub, @Nullable JobId jobId, Limits limits) {
    this.queue = new LiveQueue<>(limits, this::close);
    this.registration =
        jobId == null ? hub.subscribeAll(queue::offer) : hub.subscribe(jobId, queue::offer);
  }

  /** How far a subscriber may fall behind: items in its buffer, and how long one waits there. */
  public record Limits(int buffer, Duration maxLag) {}

  public static LiveEvents ofJob(EventHub hub, JobId jobId, Limits limits) {
    return new LiveEvents(hub, jobId, limits);
  }

  public static LiveEvents ofAllJobs(EventHub hub, Limits limits) {
    return new LiveEvents(hub, null, limits);
  }

  /** The batches published since this subscription was registered. */
  public Flux<List<RecordedEvent>> flux() {
    // Prefetch 1: the bounded queue stays the one buffer, so falling behind still means RESYNC.
    return queue.flux().publishOn(DELIVERY, 1).doFinally(signal -> close());
  }

  public void close() {
    try {
      registration.close();
    } catch (Exception e) {
      // Unsubscribing from the in-memory hub does not fail.
    }
  }
}
