package io.jobtrail.application.live;

import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.HeldBackWait;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.JobEventStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Follows the global log from the position it started at and publishes every new event to the
 * {@link EventHub}, in order and once. It reads when woken ({@link #wake()}: an append on this
 * instance, or a database notification from another) and at least every {@code pollInterval} (the
 * safety net for lost notifications), sooner while events are held back ({@link HeldBackWait}; it
 * asks only when no wake-up came during the read, since one that came makes it read again). The
 * store's read never returns an event while a lower position may still commit, so advancing the
 * checkpoint to the last event read skips nothing.
 */
public final class LiveEventReader implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(LiveEventReader.class.getName());

  private final JobEventStore store;
  private final EventHub hub;
  private final Duration pollInterval;
  private final int batchSize;
  private final Clock clock;
  private final Semaphore wakeUps = new Semaphore(0);
  private final Thread thread;
  private volatile boolean running = true;
  private boolean failing;
  private volatile GlobalCursor checkpoint;
  private volatile long lastDeliveryLagMillis;

  public LiveEventReader(
      JobEventStore store, EventHub hub, Duration pollInterval, int batchSize, Clock clock) {
    this.store = store;
    this.hub = hub;
    this.pollInterval = pollInterval;
    this.batchSize = batchSize;
    this.clock = clock;
    this.checkpoint = store.latestCursor();
    this.thread = Thread.ofPlatform().name("jobtrail-live-reader").daemon().unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** Asks for a read now; many calls before the read coalesce into one. */
  public void wake() {
    if (wakeUps.availablePermits() == 0) {
      wakeUps.release();
    }
  }

  /** The cursor of the last event published. */
  public GlobalCursor checkpoint() {
    return checkpoint;
  }

  /** Milliseconds between the last published event's timestamp and its publication. */
  public long lastDeliveryLagMillis() {
    return lastDeliveryLagMillis;
  }

  private void run() {
    var heldBack = new HeldBackWait(pollInterval);
    Duration wait = pollInterval;
    while (running) {
      try {
        wakeUps.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        wakeUps.drainPermits();
        readUntilCaughtUp();
        // A wake-up during the read (an append committed since) makes the next read come at once.
        if (wakeUps.availablePermits() == 0) {
          wait = heldBack.after(checkpoint, store.readHeldBack(checkpoint));
        }
        if (failing) {
          failing = false;
          LOG.log(Level.INFO, "reading the event log again; subscribers resume where they were");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // The database may be restarting: keep the checkpoint (subscribers keep their place) and
        // try again on the next tick; say so once, not on every tick.
        if (!failing) {
          failing = true;
          LOG.log(Level.WARNING, "reading the event log failed; retrying: " + e.getMessage());
        }
        wait = pollInterval;
      }
    }
  }

  private void readUntilCaughtUp() {
    while (running) {
      List<RecordedEvent> batch = store.readAll(checkpoint, batchSize);
      if (batch.isEmpty()) {
        return;
      }
      hub.publish(batch);
      RecordedEvent last = batch.getLast();
      checkpoint = last.cursor();
      lastDeliveryLagMillis = Math.max(0, clock.millis() - last.timestamp().toEpochMilli());
      if (batch.size() < batchSize) {
        return;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
