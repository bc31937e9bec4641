package io.jobtrail.application.event;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How long a follower of the global log waits after a read that left it caught up. Normally until
 * its next poll, since an append wakes it. But when events are held back (committed behind a
 * transaction still open, see {@link io.jobtrail.application.port.out.JobEventStore#readHeldBack}),
 * nothing may wake it when that transaction ends, so it looks again soon: after 1 ms, then twice as
 * long each time it is still stuck at the same cursor, up to the poll interval. A follower keeps
 * one of these; it is not thread-safe.
 */
public final class HeldBackWait {

  private static final Duration FIRST = Duration.ofMillis(1);

  private final Duration pollInterval;
  private @Nullable GlobalCursor stuckAt;
  private Duration next = FIRST;

  public HeldBackWait(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  /** The wait before the next read from {@code checkpoint}, events after it held back or not. */
  public Duration after(GlobalCursor checkpoint, boolean heldBack) {
    if (!heldBack) {
      stuckAt = null;
      return pollInterval;
    }
    if (!Objects.equals(checkpoint, stuckAt)) {
      stuckAt = checkpoint;
      next = FIRST;
    }
    Duration wait = next.compareTo(pollInterval) < 0 ? next : pollInterval;
    next = wait.multipliedBy(2);
    return wait;
  }
}
