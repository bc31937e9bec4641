package io.jobtrail.application.port.out;

import io.jobtrail.application.consumer.ConsumerStatus;
import io.jobtrail.application.event.GlobalCursor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Durable consumers' checkpoints and leases: one record per consumer name with the cursor of the
 * last event whose work is done, and the instance that may move it. Every write but {@link
 * #tryAcquire} is fenced: it only applies while the caller still holds a live lease.
 */
public interface ConsumerCheckpoints {

  /**
   * Takes the consumer's lease for {@code instanceId} until {@code now + ttl} if nobody holds a
   * live one (or {@code instanceId} does), creating the consumer at {@code initial} the first time;
   * empty if another instance holds it.
   */
  Optional<Held> tryAcquire(
      String name, String instanceId, GlobalCursor initial, Instant now, Duration ttl);

  /** Extends the lease; false if {@code instanceId} no longer holds it. */
  boolean renew(String name, String instanceId, Instant now, Duration ttl);

  /**
   * Moves the checkpoint to {@code to} after {@code events} more events were handled (the last of
   * them written at {@code lastEventAt}), clears the retry count and extends the lease; false (and
   * nothing written) if {@code instanceId} no longer holds it.
   */
  boolean advance(
      String name,
      String instanceId,
      GlobalCursor to,
      int events,
      Instant lastEventAt,
      Instant now,
      Duration ttl);

  /** Counts a failed attempt at a batch of {@code retrying} events and keeps its error. */
  boolean recordFailure(
      String name, String instanceId, int retrying, String error, Instant now, Duration ttl);

  /** Gives the lease up if {@code instanceId} holds it (the checkpoint stays). */
  void release(String name, String instanceId);

  /** Every consumer with its lag behind the log, by name. */
  List<ConsumerStatus> statuses(Instant now);

  /** A lease held on a consumer, with its checkpoint and the holder whose lease it replaced. */
  record Held(String name, GlobalCursor checkpoint, @Nullable String previousOwner) {}
}
