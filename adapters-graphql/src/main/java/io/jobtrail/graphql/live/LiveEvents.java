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

/**
 * A subscription to the {@link EventHub} as a Flux, registered at once (so nothing published from
 * now on is missed while the caller reads history) and buffered up to a bound: a subscriber that
 * falls further behind gets an overflow error (reported as {@code RESYNC}) and resumes from its
 * cursor. Cancelling or completing the Flux unsubscribes.
 */
public final class LiveEvents {

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
    return sink.asFlux().doFinally(signal -> close());
  }

  public void close() {
    try {
      registration.close();
    } catch (Exception e) {
      // Unsubscribing from the in-memory hub does not fail.
    }
  }
}
