package io.jobtrail.graphql.live;

import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.live.EventHub;
import io.jobtrail.domain.job.JobId;
import java.time.Duration;
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
 * now on is missed while the caller reads history) and bounded twice: a subscriber whose buffer of
 * batches is full, or whose next batch waited longer than {@code maxLag} in it, gets an overflow
 * error (reported as {@code RESYNC}) and resumes from its cursor, rather than a queue that grows
 * and a delay that grows with it. The wait is measured from when the batch was handed to this
 * subscriber, so only a subscriber that falls behind is dropped, not all of them when the reader
 * itself is late. Cancelling or completing the Flux unsubscribes.
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

  /** A batch and when it was handed to this subscriber ({@link System#nanoTime()}). */
  private record Offered(List<RecordedEvent> events, long atNanos) {}

  private final Sinks.Many<Offered> sink;
  private final AutoCloseable registration;
  private final Duration maxLag;

  private LiveEvents(EventHub hub, @Nullable JobId jobId, Limits limits) {
    this.sink =
        Sinks.many()
            .unicast()
            .onBackpressureBuffer(new ArrayBlockingQueue<Offered>(limits.buffer()));
    this.maxLag = limits.maxLag();
    this.registration =
        jobId == null ? hub.subscribeAll(this::offer) : hub.subscribe(jobId, this::offer);
  }

  /** How far a subscriber may fall behind: batches in its buffer, and how long one waits there. */
  public record Limits(int buffer, Duration maxLag) {}

  public static LiveEvents ofJob(EventHub hub, JobId jobId, Limits limits) {
    return new LiveEvents(hub, jobId, limits);
  }

  public static LiveEvents ofAllJobs(EventHub hub, Limits limits) {
    return new LiveEvents(hub, null, limits);
  }

  private void offer(List<RecordedEvent> events) {
    Sinks.EmitResult result = sink.tryEmitNext(new Offered(events, System.nanoTime()));
    if (result.isFailure()) {
      // Full (whether or not anyone reads yet), cancelled or terminated: stop receiving.
      close();
      sink.tryEmitError(Exceptions.failWithOverflow("subscriber buffer full"));
    }
  }

  /** The batches published since this subscription was registered. */
  public Flux<List<RecordedEvent>> flux() {
    // Prefetch 1: the bounded buffer stays the sink's queue, so overflow still means RESYNC.
    return sink.asFlux()
        .publishOn(DELIVERY, 1)
        .<List<RecordedEvent>>handle(
            (offered, next) -> {
              if (System.nanoTime() - offered.atNanos() > maxLag.toNanos()) {
                close();
                next.error(
                    Exceptions.failWithOverflow("subscriber more than " + maxLag + " behind"));
              } else {
                next.next(offered.events());
              }
            })
        .doFinally(signal -> close());
  }

  public void close() {
    try {
      registration.close();
    } catch (Exception e) {
      // Unsubscribing from the in-memory hub does not fail.
    }
  }
}
