package io.jobtrail.graphql.live;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * What one subscriber has been handed and not yet taken, bounded twice: when {@code capacity} items
 * wait, or when the next one has waited longer than {@code maxLag}, the stream ends with an
 * overflow error (reported as {@code RESYNC}) and the subscriber resumes from its cursor, rather
 * than a queue that grows and a delay that grows with it. The wait is timed from when the item was
 * offered to this queue, so only a subscriber that falls behind is dropped, not all of them when
 * the source itself is late.
 */
final class LiveQueue<T> {

  /** An item and when it was offered ({@link System#nanoTime()}). */
  private record Offered<T>(T item, long atNanos) {}

  private final Sinks.Many<Offered<T>> sink;
  private final Duration maxLag;
  private final Runnable onOverflow;

  /**
   * @param onOverflow run once when the queue gives up (full or too late): the caller stops
   *     offering
   */
  LiveQueue(LiveEvents.Limits limits, Runnable onOverflow) {
    this.sink =
        Sinks.many()
            .unicast()
            .onBackpressureBuffer(new ArrayBlockingQueue<Offered<T>>(limits.buffer()));
    this.maxLag = limits.maxLag();
    this.onOverflow = onOverflow;
  }

  /** Called by one thread at a time (the source's). */
  void offer(T item) {
    Sinks.EmitResult result = sink.tryEmitNext(new Offered<>(item, System.nanoTime()));
    if (result.isFailure()) {
      // Full (whether or not anyone reads yet), cancelled or terminated: stop receiving.
      onOverflow.run();
      sink.tryEmitError(Exceptions.failWithOverflow("subscriber buffer full"));
    }
  }

  /** Ends the stream with the source's error (the source failed or fell behind itself). */
  void fail(Throwable error) {
    sink.tryEmitError(error);
  }

  /** The items in the order offered, each checked for how long it waited. Subscribed once. */
  Flux<T> flux() {
    return sink.asFlux()
        .<T>handle(
            (offered, next) -> {
              if (System.nanoTime() - offered.atNanos() > maxLag.toNanos()) {
                onOverflow.run();
                next.error(
                    Exceptions.failWithOverflow("subscriber more than " + maxLag + " behind"));
              } else {
                next.next(offered.item());
              }
            });
  }
}
