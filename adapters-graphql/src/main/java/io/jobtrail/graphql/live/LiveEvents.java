package io.jobtrail.graphql.live;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.domain.job.JobId;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import org.jspecify.annotations.Nullable;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A subscription to the {@link EventHub} as a Flux, registered at once (so nothing published from
 * now on is missed while the caller reads history) and buffered up to a bound: a subscriber that
 * falls further behind gets an overflow error (reported as {@code RESYNC}) and resumes from its
 * cursor. Cancelling or completing the Flux unsubscribes.
 *
 * <p>The hub hands batches over on the live reader's one thread; everything downstream (the GraphQL
 * execution of each event for this subscriber, its JSON encoding) runs on a small shared pool, one
 * worker per core, in order per subscriber. Otherwise the reader's thread would do that work for
 * every subscriber in turn, on one core, and each subscriber would wait for all those before it.
 */
public final class LiveEvents {

  private static final Scheduler DELIVERY =
      Schedulers.newParallel(
          "jobtrail-live-delivery", Runtime.getRuntime().availableProcessors(), true);

  private final Sinks.Many<List<RecordedEvent>> sink;
  private final AutoCloseable registration;

  private LiveEvents(EventHub hub, @Nullable JobId jobId, int bufferSize) {
    this.sink =
        Sinks.many()
            .unicast()
            .onBackpressureBuffer(new ArrayBlockingQueue<List<RecordedEvent>>(bufferSize));
    this.registration =
        jobId == null ? hub.subscribeAll(this::offer) : hub.subscribe(jobId, this::offer);
  }

  public static LiveEvents ofJob(EventHub hub, JobId jobId, int bufferSize) {
    return new LiveEvents(hub, jobId, bufferSize);
  }

  public static LiveEvents ofAllJobs(EventHub hub, int bufferSize) {
    return new LiveEvents(hub, null, bufferSize);
  }

  private void offer(List<RecordedEvent> events) {
    Sinks.EmitResult result = sink.tryEmitNext(events);
    if (result.isFailure()) {
      // Full (whether or not anyone reads yet), cancelled or terminated: stop receiving.
      close();
      sink.tryEmitError(Exceptions.failWithOverflow("subscriber buffer full"));
    }
  }

  /** The batches published since this subscription was registered. */
  public Flux<List<RecordedEvent>> flux() {
    // Prefetch 1: the bounded buffer stays the sink's queue, so overflow still means RESYNC.
    return sink.asFlux().publishOn(DELIVERY, 1).doFinally(signal -> close());
  }

  public void close() {
    try {
      registration.close();
    } catch (Exception e) {
      // Unsubscribing from the in-memory hub does not fail.
    }
  }
}
