package io.jobtrail.application.alert;

import io.jobtrail.application.port.out.AlertDeliveries;
import io.jobtrail.application.port.out.WebhookSender;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Sends queued deliveries: claims the due ones (each the oldest open delivery of its rule and job,
 * so a job's notifications arrive in order), runs up to {@code concurrency} attempts at once, and
 * settles each: delivered, retrying after an exponential backoff with jitter, or dead once its
 * attempts are spent. Any number of instances may run one; a claim keeps the others off a delivery
 * while it is being attempted.
 */
public final class AlertDispatcher implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(AlertDispatcher.class.getName());
  private static final Duration IDLE_CHECK = Duration.ofSeconds(1);
  private static final Duration BUSY_CHECK = Duration.ofMillis(100);

  private final AlertDeliveries deliveries;
  private final WebhookSender sender;
  private final AlertSettings settings;
  private final Clock clock;
  private final Semaphore slots;
  private final Semaphore wakeUps = new Semaphore(0);
  private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
  private final Thread thread;
  private volatile boolean running;

  public AlertDispatcher(
      AlertDeliveries deliveries, WebhookSender sender, AlertSettings settings, Clock clock) {
    this.deliveries = deliveries;
    this.sender = sender;
    this.settings = settings;
    this.clock = clock;
    this.slots = new Semaphore(settings.concurrency());
    this.thread =
        Thread.ofPlatform().name("jobtrail-alert-dispatcher").daemon().unstarted(this::run);
  }

  public synchronized void start() {
    if (!running) {
      running = true;
      thread.start();
    }
  }

  /** Deliveries may be due now. */
  public void wake() {
    if (wakeUps.availablePermits() == 0) {
      wakeUps.release();
    }
  }

  private void run() {
    while (running) {
      try {
        int free = slots.availablePermits();
        List<ClaimedDelivery> claimed =
            free == 0 ? List.of() : deliveries.claimDue(now(), settings.claimFor(), free);
        for (ClaimedDelivery delivery : claimed) {
          slots.acquire();
          attempts.execute(
              () -> {
                try {
                  attempt(delivery);
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "recording " + delivery + " failed; it is retried", e);
                } finally {
                  slots.release();
                  wake();
                }
              });
        }
        if (claimed.isEmpty()) {
          idle();
        } else if (claimed.size() < free) {
          // Attempts in flight: their ends wake the loop; a retry coming due waits at most this.
          awaitWakeUp(BUSY_CHECK.toMillis());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "claiming alert deliveries failed; retrying: " + e.getMessage());
        try {
          wakeUps.tryAcquire(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Waits for a wake-up (a delivery queued, an attempt finished, a redelivery), the next retry
   * coming due, or a second, whichever is first. A delivery already due but not claimed waits
   * behind an earlier one of its job that is in flight: its attempt's end wakes the loop.
   */
  private void idle() throws InterruptedException {
    long waitMillis = IDLE_CHECK.toMillis();
    Instant nextDue = deliveries.nextDue();
    if (nextDue != null && nextDue.isAfter(clock.instant())) {
      waitMillis = Math.min(waitMillis, Duration.between(clock.instant(), nextDue).toMillis() + 1);
    }
    awaitWakeUp(waitMillis);
  }

  private void awaitWakeUp(long millis) throws InterruptedException {
    wakeUps.tryAcquire(millis, TimeUnit.MILLISECONDS);
    wakeUps.drainPermits();
  }

  /** How long a claim keeps other senders off a delivery. */
  public Duration claimFor() {
    return settings.claimFor();
  }

  /** Makes one attempt at a claimed delivery and settles it; returns the logged attempt. */
  public DeliveryAttempt attempt(ClaimedDelivery delivery) {
    Instant startedAt = now();
    WebhookSender.Response response =
        sender.send(
            new WebhookSender.Request(
                delivery.url(),
                delivery.body(),
                delivery.secret(),
                delivery.id(),
                delivery.attempt()));
    String error = response.delivered() ? null : error(response);
    var logged =
        new DeliveryAttempt(
            delivery.attempt(),
            startedAt,
            response.statusCode(),
            response.latencyMs(),
            error,
            settings.instanceId());
    boolean dead = !response.delivered() && delivery.attempt() >= delivery.maxAttempts();
    Instant retryAt = response.delivered() || dead ? null : now().plusMillis(backoff(delivery));
    deliveries.recordAttempt(delivery.id(), logged, dead, retryAt);
    if (dead) {
      LOG.log(
          Level.WARNING, delivery + " is dead after " + delivery.attempt() + " attempts: " + error);
    }
    return logged;
  }

  private static String error(WebhookSender.Response response) {
    @Nullable String error = response.error();
    return error != null ? error : "the receiver answered HTTP " + response.statusCode();
  }

  /** Equal jitter: between half and all of the exponential delay. */
  private long backoff(ClaimedDelivery delivery) {
    long delay = settings.backoffMillisAfter(delivery.attempt());
    return delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    attempts.shutdownNow();
    try {
      attempts.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
