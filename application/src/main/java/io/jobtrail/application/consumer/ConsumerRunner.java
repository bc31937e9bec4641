package io.jobtrail.application.consumer;

import io.jobtrail.application.event.GlobalCursor;
import io.jobtrail.application.event.HeldBackWait;
import io.jobtrail.application.event.RecordedEvent;
import io.jobtrail.application.port.out.ConsumerCheckpoints;
import io.jobtrail.application.port.out.JobEventStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs this instance's side of the durable consumers: one thread per consumer that waits for its
 * lease, then reads the global log from the consumer's checkpoint, hands each batch to the consumer
 * and moves the checkpoint past it only when the consumer returns. A failing batch is retried (same
 * events, exponential backoff with jitter) and counted; a lost lease stops the work until it is
 * taken again. The store's global read never skips an event that commits late, so moving the
 * checkpoint to the last event handled loses nothing.
 */
public final class ConsumerRunner implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ConsumerRunner.class.getName());
  private static final Duration FIRST_RETRY = Duration.ofMillis(100);
  private static final Duration RELEASE_WAIT = Duration.ofSeconds(2);

  private final List<Slot> slots = new ArrayList<>();
  private final JobEventStore store;
  private final ConsumerCheckpoints checkpoints;
  private final ConsumerSettings settings;
  private final Clock clock;
  private volatile boolean running;
  private volatile boolean halted;

  public ConsumerRunner(
      List<LogConsumer> consumers,
      JobEventStore store,
      ConsumerCheckpoints checkpoints,
      ConsumerSettings settings,
      Clock clock) {
    this.store = store;
    this.checkpoints = checkpoints;
    this.settings = settings;
    this.clock = clock;
    for (LogConsumer consumer : consumers) {
      slots.add(new Slot(consumer, settings.pollInterval()));
    }
  }

  public synchronized void start() {
    if (running || halted) {
      return;
    }
    running = true;
    for (Slot slot : slots) {
      slot.thread =
          Thread.ofPlatform()
              .name("jobtrail-consumer-" + slot.consumer.name())
              .daemon()
              .start(() -> run(slot));
    }
  }

  /**
   * New events may be there: idle consumers read now instead of at their next poll. A consumer
   * whose lease another instance holds is not woken: it tries for the lease at its poll, whatever
   * is appended (each try is a transaction that locks the consumer's row, so waking it would add
   * one to every append of the cluster).
   */
  public void wake() {
    for (Slot slot : slots) {
      if (slot.held && slot.wakeUps.availablePermits() == 0) {
        slot.wakeUps.release();
      }
    }
  }

  /** Whether this instance holds the named consumer's lease now. */
  public boolean holds(String name) {
    return slots.stream().anyMatch(s -> s.consumer.name().equals(name) && s.held);
  }

  public List<String> names() {
    return slots.stream().map(s -> s.consumer.name()).toList();
  }

  private void run(Slot slot) {
    int failures = 0;
    while (running) {
      try {
        if (!slot.held && !acquire(slot)) {
          slot.awaitWakeUp(settings.pollInterval());
          continue;
        }
        renewIfDue(slot);
        if (!slot.held) {
          continue;
        }
        slot.consumer.whileActive(now());
        List<RecordedEvent> batch = store.readAll(slot.checkpoint, settings.batchSize());
        if (batch.isEmpty()) {
          slot.awaitWakeUp(
              slot.heldBack.after(slot.checkpoint, store.readHeldBack(slot.checkpoint)));
          continue;
        }
        try {
          slot.consumer.handle(batch);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          failures++;
          failed(slot, batch.size(), e);
          backOff(slot, failures);
          continue;
        }
        failures = 0;
        RecordedEvent last = batch.getLast();
        Instant now = now();
        if (checkpoints.advance(
            slot.consumer.name(),
            settings.instanceId(),
            last.cursor(),
            batch.size(),
            last.timestamp(),
            now,
            settings.leaseDuration())) {
          slot.checkpoint = last.cursor();
          slot.renewedAt = now;
          if (batch.size() < settings.batchSize()) {
            // Caught up: let the next events gather rather than read once per commit.
            Thread.sleep(settings.linger());
          }
        } else {
          lost(slot);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        // The database may be restarting: keep the checkpoint and try again after a poll.
        LOG.log(Level.WARNING, "consumer " + slot.consumer.name() + ": " + e.getMessage());
        try {
          slot.awaitWakeUp(settings.pollInterval());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private boolean acquire(Slot slot) {
    GlobalCursor initial =
        switch (slot.consumer.startFrom()) {
          case BEGINNING -> GlobalCursor.START;
          case LATEST -> store.latestCursor();
        };
    Instant now = now();
    Optional<ConsumerCheckpoints.Held> held =
        checkpoints.tryAcquire(
            slot.consumer.name(), settings.instanceId(), initial, now, settings.leaseDuration());
    if (held.isEmpty()) {
      return false;
    }
    slot.checkpoint = held.get().checkpoint();
    slot.renewedAt = now;
    slot.held = true;
    String previous = held.get().previousOwner();
    if (previous != null && !previous.equals(settings.instanceId())) {
      LOG.log(
          Level.INFO,
          "took consumer "
              + slot.consumer.name()
              + " over from "
              + previous
              + " at "
              + slot.checkpoint);
    } else {
      LOG.log(Level.INFO, "running consumer " + slot.consumer.name() + " from " + slot.checkpoint);
    }
    return true;
  }

  private void renewIfDue(Slot slot) {
    Instant now = now();
    if (Duration.between(slot.renewedAt, now).compareTo(settings.leaseDuration().dividedBy(3))
        < 0) {
      return;
    }
    if (checkpoints.renew(
        slot.consumer.name(), settings.instanceId(), now, settings.leaseDuration())) {
      slot.renewedAt = now;
    } else {
      lost(slot);
    }
  }

  private void failed(Slot slot, int events, Exception e) {
    String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    LOG.log(
        Level.WARNING,
        "consumer " + slot.consumer.name() + " failed a batch of " + events + " events: " + error);
    Instant now = now();
    if (checkpoints.recordFailure(
        slot.consumer.name(),
        settings.instanceId(),
        events,
        error,
        now,
        settings.leaseDuration())) {
      slot.renewedAt = now;
    } else {
      lost(slot);
    }
  }

  /** Waits before the retry, renewing the lease meanwhile so a long backoff does not lose it. */
  private void backOff(Slot slot, int failures) throws InterruptedException {
    long capMillis =
        Math.min(
            settings.retryBackoffMax().toMillis(),
            FIRST_RETRY.toMillis() << Math.min(failures - 1, 20));
    // Equal jitter: at least half the delay, so retries spread out but still back off.
    long delay = capMillis / 2 + ThreadLocalRandom.current().nextLong(capMillis / 2 + 1);
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
    long slice = Math.max(1, settings.leaseDuration().toMillis() / 3);
    while (running && slot.held) {
      long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(left, slice));
      renewIfDue(slot);
    }
  }

  private void lost(Slot slot) {
    LOG.log(Level.WARNING, "lost the lease of consumer " + slot.consumer.name() + "; letting go");
    slot.held = false;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * Stops the consumers and gives their leases up, so another instance takes over at once. Waits at
   * most {@link #RELEASE_WAIT} for the database (it may be going away too): a lease not released
   * expires by itself.
   */
  @Override
  public void close() {
    stop();
    if (halted) {
      return;
    }
    List<Slot> held = slots.stream().filter(s -> s.held).toList();
    if (held.isEmpty()) {
      return;
    }
    Thread release =
        Thread.ofVirtual()
            .name("jobtrail-consumer-release")
            .start(
                () -> {
                  for (Slot slot : held) {
                    try {
                      checkpoints.release(slot.consumer.name(), settings.instanceId());
                    } catch (RuntimeException e) {
                      LOG.log(
                          Level.WARNING, "could not release consumer " + slot.consumer.name(), e);
                    }
                    slot.held = false;
                  }
                });
    try {
      if (!release.join(RELEASE_WAIT)) {
        LOG.log(Level.WARNING, "the database did not answer; the consumers' leases will expire");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops at once, as if the process had died: no checkpoint moves, no lease is released, another
   * instance takes the consumers over when their leases expire. For failover tests.
   */
  public void halt() {
    halted = true;
    stop();
  }

  private void stop() {
    running = false;
    for (Slot slot : slots) {
      Thread thread = slot.thread;
      if (thread != null) {
        thread.interrupt();
      }
    }
    for (Slot slot : slots) {
      Thread thread = slot.thread;
      if (thread != null) {
        try {
          thread.join(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static final class Slot {
    final LogConsumer consumer;
    final Semaphore wakeUps = new Semaphore(0);
    volatile boolean held;
    volatile GlobalCursor checkpoint = GlobalCursor.START;
    volatile Instant renewedAt = Instant.EPOCH;
    volatile @Nullable Thread thread;
    final HeldBackWait heldBack; // Only the slot's thread uses it.

    Slot(LogConsumer consumer, Duration pollInterval) {
      this.consumer = consumer;
      this.heldBack = new HeldBackWait(pollInterval);
    }

    void awaitWakeUp(Duration atMost) throws InterruptedException {
      wakeUps.tryAcquire(atMost.toNanos(), TimeUnit.NANOSECONDS);
      wakeUps.drainPermits();
    }
  }
}
